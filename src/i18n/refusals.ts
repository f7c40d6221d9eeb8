import type { Lang } from './messages.ts';

/**
 * What the command line says when it refuses, in zh-CN, en and es-MX: a reason code with its
 * parameters, turned into one line at the edge. The English text is also the error's own message
 * (logs, tests), so there is one wording per reason. Terms follow src/i18n/glossary.json, as the
 * dashboard does: 订单/pedido, 店铺/tienda, 仓库/almacén, 预警/alerta, 确认/en atención,
 * 解决/resolver, 已发货/enviado, 退货/devolución, 在库/en existencia, 已预留/reservado.
 */

type Params = Record<string, string | number>;
type Text = Record<Lang, (p: Params) => string>;

const refusalTexts = {
  // Not found (exit 3)
  no_warehouse: {
    en: (p) => `no warehouse ${p.code} (puente warehouse list)`,
    zh: (p) => `没有仓库 ${p.code}（puente warehouse list 查看仓库）`,
    es: (p) => `no existe el almacén ${p.code} (puente warehouse list)`,
  },
  no_sku: {
    en: (p) => `no SKU ${p.sku} (puente import catalog <file> adds SKUs)`,
    zh: (p) => `没有 SKU ${p.sku}（用 puente import catalog <文件> 添加 SKU）`,
    es: (p) => `no existe el SKU ${p.sku} (puente import catalog <archivo> agrega SKU)`,
  },
  no_storefront: {
    en: (p) => `no storefront ${p.code} (puente storefront list)`,
    zh: (p) => `没有店铺 ${p.code}（puente storefront list 查看店铺）`,
    es: (p) => `no existe la tienda ${p.code} (puente storefront list)`,
  },
  no_order: {
    en: (p) => `no order ${p.order}`,
    zh: (p) => `没有订单 ${p.order}`,
    es: (p) => `no existe el pedido ${p.order}`,
  },
  // Landed cost (not found, exit 3)
  no_cost_facts: {
    en: (p) =>
      `SKU ${p.sku} has no cost facts (purchase cost, price, HS chapter, origin): puente cost set --sku ${p.sku} …`,
    zh: (p) =>
      `SKU ${p.sku} 尚无成本资料（采购成本、售价、HS 章、原产地）：用 puente cost set --sku ${p.sku} … 填写`,
    es: (p) =>
      `el SKU ${p.sku} no tiene datos de costo (costo de compra, precio, capítulo HS, origen): puente cost set --sku ${p.sku} …`,
  },
  no_fx_rate: {
    en: (p) =>
      `no ${p.pair} exchange rate on or before ${p.date}: puente fx set --date ${p.date} --pair ${p.pair} --rate <rate>`,
    zh: (p) =>
      `${p.date} 及之前没有 ${p.pair} 汇率：用 puente fx set --date ${p.date} --pair ${p.pair} --rate <汇率> 设置`,
    es: (p) =>
      `no hay tipo de cambio ${p.pair} en o antes del ${p.date}: puente fx set --date ${p.date} --pair ${p.pair} --rate <tipo>`,
  },
  route_no_rate_card: {
    en: (p) => `route ${p.route} has no ${p.leg} rate card: puente rate-cards import <file>`,
    zh: (p) =>
      `线路 ${p.route} 没有${p.leg === 'delivery' ? '派送' : '干线'}运价卡：用 puente rate-cards import <文件> 导入`,
    es: (p) =>
      `la ruta ${p.route} no tiene tarifa de ${p.leg === 'delivery' ? 'entrega' : 'flete troncal'}: puente rate-cards import <archivo>`,
  },
  route_missing_rule: {
    en: (p) =>
      `route ${p.route} cannot be costed on ${p.date}: ${p.detail} (policies/cost/mx-import-cost-rules.json)`,
    zh: (p) =>
      `线路 ${p.route} 无法按 ${p.date} 的规则核算：${p.detail}（policies/cost/mx-import-cost-rules.json）`,
    es: (p) =>
      `la ruta ${p.route} no se puede costear al ${p.date}: ${p.detail} (policies/cost/mx-import-cost-rules.json)`,
  },
  no_rate_card: {
    en: (p) => `no rate card ${p.code} (puente rate-cards list)`,
    zh: (p) => `没有运价卡 ${p.code}（puente rate-cards list 查看）`,
    es: (p) => `no existe la tarifa ${p.code} (puente rate-cards list)`,
  },
  no_user: {
    en: (p) => `no user ${p.user}`,
    zh: (p) => `没有用户 ${p.user}`,
    es: (p) => `no existe el usuario ${p.user}`,
  },
  no_open_alert: {
    en: (p) => `no open or acknowledged alert ${p.id} (puente alerts)`,
    zh: (p) => `没有待处理或已确认的预警 ${p.id}（puente alerts 查看预警）`,
    es: (p) => `no hay una alerta abierta o en atención con el id ${p.id} (puente alerts)`,
  },
  tiktok_session_required: {
    en: () =>
      'connecting TikTok Shop needs a dashboard session: TikTok sends the browser back to it (use puente tiktok connect from scripts)',
    zh: () =>
      '连接 TikTok Shop 需要在控制台登录后操作：TikTok 会把浏览器跳转回控制台（脚本请用 puente tiktok connect）',
    es: () =>
      'conectar TikTok Shop requiere una sesión del panel: TikTok regresa el navegador a ella (desde scripts usa puente tiktok connect)',
  },
  tiktok_sync_once: {
    en: () =>
      'the server runs the TikTok sync every PUENTE_TIKTOK_SYNC_SECONDS; to run one cycle here, add --once',
    zh: () => '服务器每隔 PUENTE_TIKTOK_SYNC_SECONDS 秒自动同步 TikTok；如需在此手动同步一次，请加上 --once',
    es: () =>
      'el servidor sincroniza TikTok cada PUENTE_TIKTOK_SYNC_SECONDS segundos; para correr un ciclo aquí, agrega --once',
  },
  bad_instant: {
    en: (p) =>
      `${p.option} ${p.value}: give a time such as 2026-11-25T13:00:00Z (UTC) or 2026-11-25T07:00-06:00`,
    zh: (p) => `${p.option} ${p.value}：请填写时间，如 2026-11-25T13:00:00Z（UTC）或 2026-11-25T07:00-06:00`,
    es: (p) =>
      `${p.option} ${p.value}: indica una hora como 2026-11-25T13:00:00Z (UTC) o 2026-11-25T07:00-06:00`,
  },
  digest_preview_only: {
    en: () => 'puente notify digest needs --preview: it prints the digest here and sends nothing',
    zh: () => 'puente notify digest 需加 --preview：只在此处打印早报，不会发送',
    es: () => 'puente notify digest necesita --preview: muestra el resumen aquí y no envía nada',
  },
  bad_since: {
    en: (p) => `--since ${p.value}: give a duration such as 30d, 12h or 90m, or a date such as 2026-11-01`,
    zh: (p) => `--since ${p.value}：请填写时长（如 30d、12h、90m）或日期（如 2026-11-01）`,
    es: (p) => `--since ${p.value}: indica una duración como 30d, 12h o 90m, o una fecha como 2026-11-01`,
  },
  no_tiktok_connection: {
    en: (p) =>
      `storefront ${p.code} is not connected to TikTok Shop (puente tiktok connect --storefront ${p.code} …)`,
    zh: (p) =>
      `店铺 ${p.code} 尚未连接 TikTok Shop（用 puente tiktok connect --storefront ${p.code} … 连接）`,
    es: (p) =>
      `la tienda ${p.code} no está conectada a TikTok Shop (puente tiktok connect --storefront ${p.code} …)`,
  },
  no_tiktok_warehouse: {
    en: (p) =>
      `the TikTok shop of ${p.code} has no warehouse ${p.id} (puente tiktok warehouses --storefront ${p.code})`,
    zh: (p) =>
      `${p.code} 绑定的 TikTok 店铺没有仓库 ${p.id}（puente tiktok warehouses --storefront ${p.code} 查看）`,
    es: (p) =>
      `la tienda de TikTok de ${p.code} no tiene el almacén ${p.id} (puente tiktok warehouses --storefront ${p.code})`,
  },
  tiktok_no_shop: {
    en: (p) => `no shop ${p.wanted} among the shops this authorization covers: ${p.shops}`,
    zh: (p) => `此授权涵盖的店铺中没有 ${p.wanted}：${p.shops}`,
    es: (p) => `no hay ninguna tienda ${p.wanted} entre las que cubre esta autorización: ${p.shops}`,
  },
  tiktok_no_shop_in_region: {
    en: (p) =>
      `this authorization covers no ${p.region} shop (it covers: ${p.shops}); pick one with --shop <id or code>`,
    zh: (p) => `此授权不含 ${p.region} 店铺（涵盖：${p.shops}）；请用 --shop <店铺 ID 或代码> 指定`,
    es: (p) =>
      `esta autorización no cubre ninguna tienda de ${p.region} (cubre: ${p.shops}); elige una con --shop <id o código>`,
  },
  // Usage (exit 2)
  order_on_several_storefronts: {
    en: (p) => `order ${p.order} exists on several storefronts: add --storefront <code>`,
    zh: (p) => `订单 ${p.order} 存在于多个店铺：请加上 --storefront <代码>`,
    es: (p) => `el pedido ${p.order} existe en varias tiendas: agrega --storefront <código>`,
  },
  // Notification channels and routes (puente notify …)
  no_channel: {
    en: (p) => `no notification channel ${p.id} (puente notify channel list)`,
    zh: (p) => `没有通知渠道 ${p.id}（puente notify channel list 查看通知渠道）`,
    es: (p) => `no existe el canal de notificación ${p.id} (puente notify channel list)`,
  },
  channel_id_ambiguous: {
    en: (p) => `several notification channels start with ${p.id}: give more characters of the id`,
    zh: (p) => `有多个通知渠道以 ${p.id} 开头：请输入更长的编号`,
    es: (p) => `varios canales de notificación empiezan con ${p.id}: escribe más caracteres del id`,
  },
  no_route: {
    en: (p) => `no notification route ${p.id} (puente notify route list)`,
    zh: (p) => `没有通知规则 ${p.id}（puente notify route list 查看规则）`,
    es: (p) => `no existe la regla de notificación ${p.id} (puente notify route list)`,
  },
  notify_url_required: {
    en: (p) => `--url: a ${p.kind} notification channel needs the webhook URL`,
    zh: (p) => `--url：${p.kind} 通知渠道需要 Webhook 地址`,
    es: (p) => `--url: un canal de notificación ${p.kind} necesita la URL del Webhook`,
  },
  notify_to_required: {
    en: () => '--to: an e-mail notification channel needs at least one address (or --roles)',
    zh: () => '--to：邮件通知渠道至少需要一个邮箱地址（或 --roles）',
    es: () => '--to: un canal de notificación por correo necesita al menos una dirección (o --roles)',
  },
  notify_bad_url: {
    en: (p) => `${p.field}: not an http(s) URL`,
    zh: (p) => `${p.field}：不是 http(s) 地址`,
    es: (p) => `${p.field}: no es una URL http(s)`,
  },
  notify_bad_smtp_url: {
    en: () => '--url: an e-mail notification channel takes an smtp:// or smtps:// server URL',
    zh: () => '--url：邮件通知渠道只接受 smtp:// 或 smtps:// 服务器地址',
    es: () => '--url: un canal de notificación por correo acepta una URL de servidor smtp:// o smtps://',
  },
  notify_bad_address: {
    en: (p) => `--to: ${p.value} is not an e-mail address`,
    zh: (p) => `--to：${p.value} 不是邮箱地址`,
    es: (p) => `--to: ${p.value} no es una dirección de correo`,
  },
  notify_bad_role: {
    en: (p) => `--roles: ${p.value} is not a role (owner, operator, viewer)`,
    zh: (p) => `--roles：${p.value} 不是角色（owner、operator、viewer）`,
    es: (p) => `--roles: ${p.value} no es un rol (owner, operator, viewer)`,
  },
  smtp_bad_host: {
    en: (p) => `host: ${p.value} is not a host name or address`,
    zh: (p) => `主机：${p.value} 不是主机名或地址`,
    es: (p) => `host: ${p.value} no es un nombre de host ni una dirección`,
  },
  smtp_bad_from: {
    en: (p) => `from: ${p.value} is not a sender address (a@b.com or Name <a@b.com>)`,
    zh: (p) => `发件人：${p.value} 不是发件地址（a@b.com 或 名称 <a@b.com>）`,
    es: (p) => `remitente: ${p.value} no es una dirección de remitente (a@b.com o Nombre <a@b.com>)`,
  },
  me_needs_user: {
    en: () => 'Notification preferences belong to a signed-in user; an API token has none',
    zh: () => '通知偏好属于已登录的用户；API 令牌没有通知偏好',
    es: () =>
      'Las preferencias de notificación son de un usuario con sesión iniciada; un token de API no tiene',
  },
  notify_bad_kind: {
    en: (p) => `--kinds: ${p.value} is not an alert kind (oversell, late, at_risk, low, sync, listing)`,
    zh: (p) => `--kinds：${p.value} 不是预警类型（oversell、late、at_risk、low、sync、listing）`,
    es: (p) => `--kinds: ${p.value} no es un tipo de alerta (oversell, late, at_risk, low, sync, listing)`,
  },
  notify_bad_time: {
    en: (p) => `${p.field}: ${p.value} is not a time of day (HH:mm, e.g. 22:00)`,
    zh: (p) => `${p.field}：${p.value} 不是时刻（HH:mm，例如 22:00）`,
    es: (p) => `${p.field}: ${p.value} no es una hora del día (HH:mm, p. ej. 22:00)`,
  },
  notify_bad_zone: {
    en: (p) => `--zone: ${p.value} is not a time zone (e.g. Asia/Shanghai, America/Chicago)`,
    zh: (p) => `--zone：${p.value} 不是时区（例如 Asia/Shanghai、America/Chicago）`,
    es: (p) => `--zone: ${p.value} no es una zona horaria (p. ej. America/Mexico_City, America/Chicago)`,
  },
  notify_escalate_self: {
    en: () => '--escalate-to: a notification channel cannot escalate to itself',
    zh: () => '--escalate-to：通知渠道不能升级到自身',
    es: () => '--escalate-to: un canal de notificación no puede escalar a sí mismo',
  },
  alert_id_ambiguous: {
    en: (p) => `several alerts start with ${p.id}: give more characters of the id`,
    zh: (p) => `有多条预警以 ${p.id} 开头：请输入更长的编号`,
    es: (p) => `varias alertas empiezan con ${p.id}: escribe más caracteres del id`,
  },
  restock_or_damaged: {
    en: () => 'say what happens to the returned units: --restock (back on hand) or --damaged (written off)',
    zh: () => '请说明退货如何处理：--restock（退回在库）或 --damaged（报损）',
    es: () =>
      'indica qué pasa con las unidades devueltas: --restock (vuelven a existencia) o --damaged (se dan de baja)',
  },
  not_a_date: {
    en: (p) => `${p.option}: "${p.value}" is not a date like 2026-12-15`,
    zh: (p) => `${p.option}："${p.value}" 不是日期（如 2026-12-15）`,
    es: (p) => `${p.option}: "${p.value}" no es una fecha como 2026-12-15`,
  },
  not_a_rate: {
    en: (p) => `${p.option}: "${p.value}" is not a rate such as 18.25`,
    zh: (p) => `${p.option}："${p.value}" 不是汇率（如 18.25）`,
    es: (p) => `${p.option}: "${p.value}" no es un tipo de cambio como 18.25`,
  },
  xlsx_needs_out: {
    en: () => '--format xlsx writes a file: add --out report.xlsx',
    zh: () => '--format xlsx 会写入文件：请加上 --out report.xlsx',
    es: () => '--format xlsx escribe un archivo: agrega --out report.xlsx',
  },
  same_warehouse: {
    en: () => 'a transfer needs two different warehouses',
    zh: () => '调拨需要两个不同的仓库',
    es: () => 'una transferencia necesita dos almacenes distintos',
  },
  merchant_input: {
    en: () => 'give --country (and --sps) or --merchant <file>',
    zh: () => '请提供 --country（及 --sps）或 --merchant <文件>',
    es: () => 'indica --country (y --sps) o --merchant <archivo>',
  },
  not_a_country: {
    en: (p) => `--country: "${p.value}" is not a two-letter country code such as CN or US`,
    zh: (p) => `--country："${p.value}" 不是两个字母的国家代码（如 CN 或 US）`,
    es: (p) => `--country: "${p.value}" no es un código de país de dos letras como CN o US`,
  },
  no_policy: {
    en: (p) => `no policy ${p.policy}`,
    zh: (p) => `没有项目规则 ${p.policy}`,
    es: (p) => `no existen las reglas del programa ${p.policy}`,
  },
  bad_file_name: {
    en: () => 'the file name is too long or has control characters',
    zh: () => '文件名过长，或含有控制字符',
    es: () => 'el nombre del archivo es demasiado largo o tiene caracteres de control',
  },
  warehouse_code_taken: {
    en: (p) => `warehouse ${p.code} exists`,
    zh: (p) => `仓库 ${p.code} 已存在`,
    es: (p) => `el almacén ${p.code} ya existe`,
  },
  storefront_code_taken: {
    en: (p) => `storefront ${p.code} exists`,
    zh: (p) => `店铺 ${p.code} 已存在`,
    es: (p) => `la tienda ${p.code} ya existe`,
  },
  nothing_to_change: {
    en: () => 'nothing to change: give at least one option (puente storefront set --help)',
    zh: () => '没有要修改的内容：请至少提供一个选项（puente storefront set --help）',
    es: () => 'no hay nada que cambiar: indica al menos una opción (puente storefront set --help)',
  },
  tiktok_shops_ambiguous: {
    en: (p) =>
      `this authorization covers several ${p.region} shops (${p.shops}): pick one with --shop <id or code>`,
    zh: (p) => `此授权涵盖多个 ${p.region} 店铺（${p.shops}）：请用 --shop <店铺 ID 或代码> 指定`,
    es: (p) =>
      `esta autorización cubre varias tiendas de ${p.region} (${p.shops}): elige una con --shop <id o código>`,
  },
  tiktok_bad_map: {
    en: (p) =>
      `--map ${p.value}: write it as <Puente warehouse code>=<TikTok warehouse id>, e.g. TX=7068517275539719942`,
    zh: (p) => `--map ${p.value}：格式应为 <Puente 仓库代码>=<TikTok 仓库 ID>，如 TX=7068517275539719942`,
    es: (p) =>
      `--map ${p.value}: escríbelo como <código de almacén de Puente>=<id de almacén de TikTok>, p. ej. TX=7068517275539719942`,
  },
  tiktok_not_sales_warehouse: {
    en: (p) =>
      `TikTok warehouse ${p.id} is a ${p.type}, not a sales warehouse: only sales warehouses hold stock to sell`,
    zh: (p) => `TikTok 仓库 ${p.id} 是 ${p.type}，不是销售仓：只有销售仓的库存可售`,
    es: (p) =>
      `el almacén de TikTok ${p.id} es ${p.type}, no un almacén de venta: solo los almacenes de venta tienen inventario para vender`,
  },
  not_a_url: {
    en: (p) => `${p.option}: "${p.value}" is not an http(s) URL`,
    zh: (p) => `${p.option}："${p.value}" 不是 http(s) 网址`,
    es: (p) => `${p.option}: "${p.value}" no es una URL http(s)`,
  },
  // The command line itself: commander's errors, by its error code (exit 2)
  unknown_option: {
    en: (p) => `unknown option ${p.option} (puente ${p.command} --help)`,
    zh: (p) => `未知选项 ${p.option}（puente ${p.command} --help 查看用法）`,
    es: (p) => `opción desconocida ${p.option} (puente ${p.command} --help)`,
  },
  missing_option: {
    en: (p) => `required option ${p.option} is missing (puente ${p.command} --help)`,
    zh: (p) => `缺少必填选项 ${p.option}（puente ${p.command} --help 查看用法）`,
    es: (p) => `falta la opción obligatoria ${p.option} (puente ${p.command} --help)`,
  },
  option_missing_value: {
    en: (p) => `option ${p.option} needs a value`,
    zh: (p) => `选项 ${p.option} 需要一个值`,
    es: (p) => `la opción ${p.option} necesita un valor`,
  },
  no_inbound: {
    en: (p) => `no inbound shipment ${p.number} (puente inbound list)`,
    zh: (p) => `没有在途货件 ${p.number}（puente inbound list 查看在途货件）`,
    es: (p) => `no existe el envío en tránsito ${p.number} (puente inbound list)`,
  },
  po_nothing_to_order: {
    en: (p) =>
      `nothing to order for ${p.skus} in ${p.warehouse}: no restock suggestion, and no quantity given (SKU=quantity)`,
    zh: (p) => `${p.warehouse} 的 ${p.skus} 无需采购：没有补货建议，也没有给出数量（SKU=数量）`,
    es: (p) =>
      `nada que pedir de ${p.skus} en ${p.warehouse}: no hay sugerencia de reabastecimiento ni se dio cantidad (SKU=cantidad)`,
  },
  po_suppliers_differ: {
    en: (p) =>
      `${p.skus} come from different suppliers (${p.suppliers}): make one purchase order per supplier`,
    zh: (p) => `${p.skus} 来自不同供应商（${p.suppliers}）：请每个供应商各建一张采购单`,
    es: (p) =>
      `${p.skus} vienen de proveedores distintos (${p.suppliers}): haz cada orden de compra con un solo proveedor`,
  },
  inbound_already_received: {
    en: (p) => `inbound shipment ${p.number} was already received`,
    zh: (p) => `在途货件 ${p.number} 已经收货`,
    es: (p) => `el envío en tránsito ${p.number} ya se recibió`,
  },
  missing_argument: {
    en: (p) => `missing ${p.argument} (puente ${p.command} --help)`,
    zh: (p) => `缺少参数 ${p.argument}（puente ${p.command} --help 查看用法）`,
    es: (p) => `falta ${p.argument} (puente ${p.command} --help)`,
  },
  too_many_arguments: {
    en: (p) => `too many arguments for ${p.command} (puente ${p.command} --help)`,
    zh: (p) => `${p.command} 的参数过多（puente ${p.command} --help 查看用法）`,
    es: (p) => `demasiados argumentos para ${p.command} (puente ${p.command} --help)`,
  },
  unknown_command: {
    en: (p) => `unknown command ${p.name} (puente --help lists them)`,
    zh: (p) => `未知命令 ${p.name}（puente --help 列出所有命令）`,
    es: (p) => `comando desconocido ${p.name} (puente --help los muestra)`,
  },
  invalid_value: {
    en: (p) => `${p.name}: "${p.value}" is not valid: ${p.expected}`,
    zh: (p) => `${p.name}："${p.value}" 无效：${p.expected}`,
    es: (p) => `${p.name}: "${p.value}" no es válido: ${p.expected}`,
  },
  conflicting_options: {
    en: (p) => `${p.option} cannot be used with ${p.other}`,
    zh: (p) => `${p.option} 不能与 ${p.other} 同时使用`,
    es: (p) => `${p.option} no se puede usar junto con ${p.other}`,
  },
  usage: {
    en: (p) => `${p.detail} (puente --help)`,
    zh: (p) => `${p.detail}（puente --help 查看用法）`,
    es: (p) => `${p.detail} (puente --help)`,
  },
  // Conflicts with what is there (exit 4)
  warehouse_exists: {
    en: (p) => `warehouse ${p.code} already exists (puente warehouse list)`,
    zh: (p) => `仓库 ${p.code} 已存在（puente warehouse list 查看仓库）`,
    es: (p) => `el almacén ${p.code} ya existe (puente warehouse list)`,
  },
  storefront_exists: {
    en: (p) => `storefront ${p.code} already exists: change it with puente storefront set ${p.code}`,
    zh: (p) => `店铺 ${p.code} 已存在：请用 puente storefront set ${p.code} 修改`,
    es: (p) => `la tienda ${p.code} ya existe: cámbiala con puente storefront set ${p.code}`,
  },
  user_disabled: {
    en: () => 'this user is disabled: enable the account first (Settings → Users)',
    zh: () => '该用户已停用：请先启用账号（设置 → 用户）',
    es: () => 'este usuario está desactivado: primero activa la cuenta (Configuración → Usuarios)',
  },
  already_exists: {
    en: (p) => `this already exists: ${p.detail}`,
    zh: (p) => `已存在：${p.detail}`,
    es: (p) => `ya existe: ${p.detail}`,
  },
  // Launch records (puente merchant, documents, applications)
  no_document: {
    en: (p) => `no document ${p.id} (puente documents list)`,
    zh: (p) => `没有文件 ${p.id}（puente documents list 查看文件）`,
    es: (p) => `no existe el documento ${p.id} (puente documents list)`,
  },
  document_kind: {
    en: (p) => `kind: "${p.kind}" is not a document the program asks for (one of: ${p.kinds})`,
    zh: (p) => `kind：“${p.kind}”不是项目要求的文件（可选：${p.kinds}）`,
    es: (p) => `kind: "${p.kind}" no es un documento que pida el programa (uno de: ${p.kinds})`,
  },
  invitation_category: {
    en: (p) => `category: "${p.category}" is not an invitation-only category (one of: ${p.categories})`,
    zh: (p) => `category：“${p.category}”不是定邀类目（可选：${p.categories}）`,
    es: (p) => `category: "${p.category}" no es una categoría por invitación (una de: ${p.categories})`,
  },
  document_dates: {
    en: (p) => `expires: ${p.expires} is before the issue date ${p.issued}`,
    zh: (p) => `expires：到期日 ${p.expires} 早于签发日 ${p.issued}`,
    es: (p) => `expires: ${p.expires} es anterior a la fecha de emisión ${p.issued}`,
  },
  document_file: {
    en: (p) => `file: ${p.name} is empty or over ${p.max} MB`,
    zh: (p) => `file：${p.name} 为空或超过 ${p.max} MB`,
    es: (p) => `file: ${p.name} está vacío o pesa más de ${p.max} MB`,
  },
  document_file_name: {
    en: () => 'file: the file name is empty, too long or has control characters',
    zh: () => 'file：文件名为空、过长或含有控制字符',
    es: () => 'file: el nombre del archivo está vacío, es demasiado largo o tiene caracteres de control',
  },
  demo_not_empty: {
    en: () =>
      'this database already has warehouses: the demo loads into an empty one (delete ./puente-data or use another DATABASE_URL)',
    zh: () => '数据库中已有仓库：演示数据只能载入空数据库（删除 ./puente-data 或换一个 DATABASE_URL）',
    es: () =>
      'esta base de datos ya tiene almacenes: la demo se carga en una vacía (borra ./puente-data o usa otro DATABASE_URL)',
  },
  storefront_changed: {
    en: (p) =>
      `storefront ${p.code} is at version ${p.current}, not ${p.expected}: someone changed it meanwhile; look again (puente storefront list) and repeat your change`,
    zh: (p) =>
      `店铺 ${p.code} 当前为第 ${p.current} 版，不是第 ${p.expected} 版：其他人刚刚修改了它；请重新查看（puente storefront list）后再修改`,
    es: (p) =>
      `la tienda ${p.code} está en la versión ${p.current}, no en la ${p.expected}: alguien más la cambió mientras tanto; revísala (puente storefront list) y repite tu cambio`,
  },
  alert_resolved: {
    en: (p) => `alert ${p.id} is already resolved`,
    zh: (p) => `预警 ${p.id} 已解决`,
    es: (p) => `la alerta ${p.id} ya está resuelta`,
  },
  // Refused by the rules of orders and stock (exit 1)
  order_shipped_no_cancel: {
    en: (p) =>
      `order ${p.order} has shipped and cannot be cancelled: record what comes back with puente return ${p.order}`,
    zh: (p) => `订单 ${p.order} 已发货，不能取消：退回的商品请用 puente return ${p.order} 登记退货`,
    es: (p) =>
      `el pedido ${p.order} ya se envió y no se puede cancelar: registra lo que regrese con puente return ${p.order}`,
  },
  order_cannot_ship: {
    en: (p) => `order ${p.order} is ${p.status}: only a reserved order can ship`,
    zh: (p) => `订单 ${p.order} 状态为${p.status}：只有已预留的订单才能发货`,
    es: (p) => `el pedido ${p.order} está ${p.status}: solo un pedido reservado se puede enviar`,
  },
  order_not_shipped: {
    en: (p) => `order ${p.order} has not shipped (it is ${p.status}): only shipped units can be returned`,
    zh: (p) => `订单 ${p.order} 尚未发货（状态为${p.status}）：只有已发货的商品才能退货`,
    es: (p) =>
      `el pedido ${p.order} no se ha enviado (está ${p.status}): solo se pueden devolver unidades enviadas`,
  },
  nothing_shipped: {
    en: (p) => `order ${p.order} shipped no ${p.sku}: nothing of it can be returned`,
    zh: (p) => `订单 ${p.order} 没有发出 ${p.sku}：无法退货`,
    es: (p) => `el pedido ${p.order} no envió ${p.sku}: no hay nada que devolver`,
  },
  return_more_than_shipped: {
    en: (p) =>
      `order ${p.order} shipped ${p.shipped} of ${p.sku} and ${p.returned} came back already: at most ${p.left} more can be returned`,
    zh: (p) =>
      `订单 ${p.order} 的 ${p.sku} 已发货 ${p.shipped} 件，已退回 ${p.returned} 件：最多还能退 ${p.left} 件`,
    es: (p) =>
      `el pedido ${p.order} envió ${p.shipped} de ${p.sku} y ya regresaron ${p.returned}: se pueden devolver ${p.left} más como máximo`,
  },
  order_not_waiting: {
    en: (p) => `order ${p.order} is ${p.status}: only an order awaiting stock can be retried`,
    zh: (p) => `订单 ${p.order} 状态为${p.status}：只有等待到货的订单才能重试`,
    es: (p) =>
      `el pedido ${p.order} está ${p.status}: solo se puede reintentar un pedido en espera de inventario`,
  },
  warehouse_not_serving: {
    en: (p) => `warehouse ${p.warehouse} does not serve storefront ${p.storefront}`,
    zh: (p) => `仓库 ${p.warehouse} 不为店铺 ${p.storefront} 发货`,
    es: (p) => `el almacén ${p.warehouse} no surte a la tienda ${p.storefront}`,
  },
  below_reserved: {
    en: () => 'on hand would fall below what is reserved (or below zero): nothing was changed',
    zh: () => '在库数量将低于已预留数量（或小于零）：未做任何修改',
    es: () => 'la existencia quedaría por debajo de lo reservado (o de cero): no se cambió nada',
  },
  no_stock_level: {
    en: () => 'this SKU has no stock in that warehouse: nothing was changed',
    zh: () => '该 SKU 在此仓库没有库存：未做任何修改',
    es: () => 'este SKU no tiene existencia en ese almacén: no se cambió nada',
  },
  bad_quantity: {
    en: (p) => `quantity refused: ${p.detail}`,
    zh: (p) => `数量无效：${p.detail}`,
    es: (p) => `cantidad rechazada: ${p.detail}`,
  },
  // The database, not the command, failed (exit 1): nothing was changed; the same command can run again.
  database_unavailable: {
    en: (p) =>
      `the database cannot be reached (${p.detail}): check that it is running and that DATABASE_URL points to it, then try again`,
    zh: (p) => `无法连接数据库（${p.detail}）：请确认数据库正在运行、DATABASE_URL 指向它，然后重试`,
    es: (p) =>
      `no se puede conectar con la base de datos (${p.detail}): revisa que esté en marcha y que DATABASE_URL apunte a ella, y vuelve a intentarlo`,
  },
  database_busy: {
    en: (p) => `the database is busy with other work (${p.detail}): try again in a moment`,
    zh: (p) => `数据库正忙于其他任务（${p.detail}）：请稍后重试`,
    es: (p) =>
      `la base de datos está ocupada con otro trabajo (${p.detail}): inténtalo de nuevo en un momento`,
  },
  database_full: {
    en: (p) => `the database disk is full (${p.detail}): free space on it, then try again`,
    zh: (p) => `数据库所在磁盘已满（${p.detail}）：请释放空间后重试`,
    es: (p) => `el disco de la base de datos está lleno (${p.detail}): libera espacio y vuelve a intentarlo`,
  },
  // The package is not built (exit 1): the server serves the dashboard from dist/web, built beforehand.
  dashboard_not_built: {
    en: (p) => `the dashboard is not built (no ${p.dir}): run npm run build, then start again`,
    zh: (p) => `控制台尚未构建（没有 ${p.dir}）：请先运行 npm run build，再重新启动`,
    es: (p) => `el panel no está compilado (falta ${p.dir}): ejecuta npm run build y vuelve a iniciar`,
  },
  // Organizations on a shared install (puente org …, /api/v1/platform/…)
  organization_disabled: {
    en: (p) =>
      `organization ${p.name} is disabled: its users and API tokens are refused until a platform administrator enables it again`,
    zh: (p) => `组织 ${p.name} 已停用：在平台管理员重新启用之前，其用户和 API 令牌均被拒绝`,
    es: (p) =>
      `la organización ${p.name} está deshabilitada: sus usuarios y tokens de API se rechazan hasta que un administrador de la plataforma la habilite de nuevo`,
  },
  platform_admin_required: {
    en: () => 'this needs a platform administrator (puente org admin grant <email>)',
    zh: () => '此操作需要平台管理员（puente org admin grant <邮箱>）',
    es: () => 'esto requiere un administrador de la plataforma (puente org admin grant <correo>)',
  },
  no_organization: {
    en: (p) => `no organization ${p.id} (puente org list)`,
    zh: (p) => `没有组织 ${p.id}（puente org list 查看组织）`,
    es: (p) => `no existe la organización ${p.id} (puente org list)`,
  },
  organization_name_required: {
    en: () => 'an organization needs a name (1 to 200 characters)',
    zh: () => '组织需要名称（1 到 200 个字符）',
    es: () => 'una organización necesita un nombre (de 1 a 200 caracteres)',
  },
  organization_id_ambiguous: {
    en: (p) => `several organizations start with ${p.id}: give more characters of the id`,
    zh: (p) => `有多个组织以 ${p.id} 开头：请输入更长的编号`,
    es: (p) => `varias organizaciones empiezan con ${p.id}: escribe más caracteres del id`,
  },
  // Choosing the organization a command acts on (--org, PUENTE_ORG)
  organization_required: {
    en: (p) =>
      `this database holds ${p.count} organizations: choose one with --org <name> or PUENTE_ORG (puente org list)`,
    zh: (p) =>
      `此数据库中有 ${p.count} 个组织：请用 --org <名称> 或 PUENTE_ORG 选择一个（puente org list 查看组织）`,
    es: (p) =>
      `esta base de datos tiene ${p.count} organizaciones: elige una con --org <nombre> o PUENTE_ORG (puente org list)`,
  },
  organization_name_ambiguous: {
    en: (p) => `several organizations are called ${p.name}: give its id with --org (puente org list)`,
    zh: (p) => `有多个组织名为 ${p.name}：请用 --org 指定其编号（puente org list 查看组织）`,
    es: (p) => `varias organizaciones se llaman ${p.name}: indica su id con --org (puente org list)`,
  },
  organization_disabled_cli: {
    en: (p) =>
      `organization ${p.name} is disabled: commands do not act on it until puente org enable ${p.id}`,
    zh: (p) => `组织 ${p.name} 已停用：运行 puente org enable ${p.id} 重新启用之前，命令不会对其操作`,
    es: (p) =>
      `la organización ${p.name} está deshabilitada: los comandos no actúan sobre ella hasta puente org enable ${p.id}`,
  },
  org_option_not_here: {
    en: (p) => `puente ${p.command} acts on every organization of the database, not on one: leave out --org`,
    zh: (p) => `puente ${p.command} 作用于数据库中的所有组织，而非单个组织：请去掉 --org`,
    es: (p) =>
      `puente ${p.command} actúa sobre todas las organizaciones de la base de datos, no sobre una: quita --org`,
  },
  // Errors nobody expected (exit 1)
  tiktok_refused: {
    en: (p) => `TikTok Shop refused: ${p.detail}`,
    zh: (p) => `TikTok Shop 拒绝了请求：${p.detail}`,
    es: (p) => `TikTok Shop rechazó la solicitud: ${p.detail}`,
  },
  unexpected: {
    en: (p) => `unexpected error: ${p.message} (run with --debug for details)`,
    zh: (p) => `意外错误：${p.message}（加上 --debug 查看详情）`,
    es: (p) => `error inesperado: ${p.message} (ejecuta con --debug para ver los detalles)`,
  },
} satisfies Record<string, Text>;

export type RefusalKey = keyof typeof refusalTexts;

/** Why something was refused, in words any of the three languages can be made from. */
export interface RefusalReason {
  key: RefusalKey;
  params?: Params;
}

export function refusalMessage(reason: RefusalReason, lang: Lang): string {
  const p = { ...reason.params };
  if (typeof p.status === 'string') p.status = orderStatusName(p.status, lang);
  // A service names what it expected by key (fxRates.ts); the words are the user's.
  if (typeof p.expected === 'string' && isExpectation(p.expected))
    p.expected = expectationText(p.expected, lang);
  return refusalTexts[reason.key][lang](p);
}

/** What a value should look like, for `invalid_value` (the command line's argument parsers). */
const expectations = {
  whole_number: { en: 'a whole number', zh: '应为整数', es: 'un número entero' },
  positive_whole_number: {
    en: 'a whole number above 0',
    zh: '应为大于 0 的整数',
    es: 'un número entero mayor que 0',
  },
  nonzero_whole_number: {
    en: 'a whole number other than 0, e.g. -2',
    zh: '应为非零整数，如 -2',
    es: 'un número entero distinto de 0, p. ej. -2',
  },
  jobs: {
    en: 'a whole number from 1 to 64',
    zh: '应为 1 到 64 之间的整数',
    es: 'un número entero de 1 a 64',
  },
  sps: {
    en: 'a score from 0 to 5, e.g. 3.8',
    zh: '应为 0 到 5 的评分，如 3.8',
    es: 'una puntuación de 0 a 5, p. ej. 3.8',
  },
  port: { en: 'a port from 0 to 65535', zh: '应为 0 到 65535 之间的端口', es: 'un puerto de 0 a 65535' },
  cutoff: {
    en: 'a time as HH:MM, 00:00 to 23:59, e.g. 16:00',
    zh: '应为 HH:MM 格式的时间（00:00 至 23:59），如 16:00',
    es: 'una hora HH:MM, de 00:00 a 23:59, p. ej. 16:00',
  },
  language: {
    en: 'a language: en, zh (zh-CN) or es (es-MX)',
    zh: '应为语言代码：en、zh（zh-CN）或 es（es-MX）',
    es: 'un idioma: en, zh (zh-CN) o es (es-MX)',
  },
  time_zone: {
    en: 'an IANA time zone such as America/Chicago',
    zh: '应为 IANA 时区名称，如 America/Chicago',
    es: 'una zona horaria IANA, p. ej. America/Chicago',
  },
  date: {
    en: 'a date as YYYY-MM-DD, e.g. 2026-04-01',
    zh: '应为 YYYY-MM-DD 格式的日期，如 2026-04-01',
    es: 'una fecha AAAA-MM-DD, p. ej. 2026-04-01',
  },
  fx_rate: {
    en: 'an exchange rate above 0 with at most 8 decimals, e.g. 18.25',
    zh: '应为大于 0、最多 8 位小数的汇率，如 18.25',
    es: 'un tipo de cambio mayor que 0 con hasta 8 decimales, p. ej. 18.25',
  },
  fx_pair: {
    en: 'a currency pair such as USD/MXN',
    zh: '应为货币对，如 USD/MXN',
    es: 'un par de monedas como USD/MXN',
  },
  hs_chapter: {
    en: 'a two-digit HS chapter, e.g. 95',
    zh: '应为两位 HS 章号，如 95',
    es: 'un capítulo HS de dos dígitos, p. ej. 95',
  },
  country: {
    en: 'a two-letter country code, e.g. CN',
    zh: '应为两位国家代码，如 CN',
    es: 'un código de país de dos letras, p. ej. CN',
  },
  amount: { en: 'an amount such as 49.99', zh: '应为金额，如 49.99', es: 'un importe como 49.99' },
} satisfies Record<string, Record<Lang, string>>;

export type Expectation = keyof typeof expectations;

export const isExpectation = (s: string): s is Expectation => s in expectations;

export function expectationText(e: Expectation, lang: Lang): string {
  return expectations[e][lang];
}

/** "Allowed choices are table, json, csv." in the user's words. */
export function choicesText(choices: string, lang: Lang): string {
  return lang === 'zh'
    ? `可选值：${choices}`
    : lang === 'es'
      ? `opciones válidas: ${choices}`
      : `one of ${choices}`;
}

/** Order statuses as the dashboard names them (orderStatus in web/src/i18n). */
const orderStatusNames: Record<string, Record<Lang, string>> = {
  pending: { en: 'pending', zh: '待处理', es: 'pendiente' },
  reserved: { en: 'reserved', zh: '已预留', es: 'reservado' },
  awaiting_stock: { en: 'awaiting stock', zh: '等待到货', es: 'en espera de inventario' },
  shipped: { en: 'shipped', zh: '已发货', es: 'enviado' },
  delivered: { en: 'delivered', zh: '已签收', es: 'entregado' },
  cancelled: { en: 'cancelled', zh: '已取消', es: 'cancelado' },
  on_hold: { en: 'on hold at TikTok', zh: 'TikTok 暂扣中', es: 'retenido por TikTok' },
  parked: { en: 'parked (unknown SKU)', zh: '已搁置（SKU 未知）', es: 'en pausa (SKU desconocido)' },
};

export const orderStatusName = (status: string, lang: Lang) => orderStatusNames[status]?.[lang] ?? status;

/** Every table of words here, for the glossary test (src/i18n/glossary.test.ts). */
export const refusalTables = { refusalTexts, expectations, orderStatusNames };
