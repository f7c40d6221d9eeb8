import type { Lang } from './messages.ts';

/**
 * What the command line reports that is not a refusal: an import's warnings and summary, what
 * `puente backup` and `puente restore` did. A service returns a notice (a key and its figures);
 * the command line words it in the user's language (--lang), and the API keeps the English as
 * `message`. Terms follow src/i18n/glossary.json. A `detail` parameter is a diagnostic from a
 * library or the file system (SQLite's integrity check, a damaged key file), passed through.
 */

type Params = Record<string, string | number>;
type Text = Record<Lang, (p: Params) => string>;

export interface Notice {
  key: NoticeKey;
  params?: Params;
}

/** "5←3, 7←3" as each language says "row 5 repeats row 3". */
function repeats(p: Params, lang: Lang): string {
  const again = String(p.again).split(',');
  const once = String(p.once).split(',');
  return again
    .map((row, i) =>
      lang === 'zh'
        ? `第 ${row} 行与第 ${once[i]} 行重复`
        : lang === 'es'
          ? `la fila ${row} repite la fila ${once[i]}`
          : `row ${row} repeats row ${once[i]}`,
    )
    .join(lang === 'zh' ? '，' : ', ');
}

const noticeTexts = {
  // Imports
  encoding_read_as: {
    en: (p) =>
      `${p.file}: read as ${p.encoding} (${p.given ? 'as given' : 'detected'}, not UTF-8): check that accents and names look right, or give --encoding`,
    zh: (p) =>
      `${p.file}：按 ${p.encoding} 读取（${p.given ? '按指定编码' : '自动识别'}，不是 UTF-8）：请检查重音字母和名称是否正常显示，否则请用 --encoding 指定编码`,
    es: (p) =>
      `${p.file}: se leyó como ${p.encoding} (${p.given ? 'la indicada' : 'detectada'}, no UTF-8): revisa que los acentos y los nombres se vean bien, o indica --encoding`,
  },
  last_row_no_line_end: {
    en: () =>
      'the last row has no line end: if the file was cut while being copied, its last field may be short; check it',
    zh: () => '最后一行没有换行符：如果文件在复制时被截断，最后一个字段可能不完整，请检查',
    es: () =>
      'la última fila no tiene salto de línea: si el archivo se cortó al copiarlo, su último campo puede estar incompleto; revísalo',
  },
  order_line_repeated: {
    en: (p) => `order ${p.order}: ${repeats(p, 'en')} (the same line): taken once`,
    zh: (p) => `订单 ${p.order}：${repeats(p, 'zh')}（同一商品行）：只计一次`,
    es: (p) => `pedido ${p.order}: ${repeats(p, 'es')} (la misma línea): se toma una sola vez`,
  },
  import_summary: {
    en: (p) => `${p.what}: ${p.imported} imported (${p.detail}), ${p.skipped} skipped`,
    zh: (p) => `${p.what}：已导入 ${p.imported} 条（${p.detail}），跳过 ${p.skipped} 条`,
    es: (p) => `${p.what}: ${p.imported} importados (${p.detail}), ${p.skipped} omitidos`,
  },
  // puente backup
  backup_file_exists: {
    en: (p) => `${p.file} exists: choose another name, or --force to replace it`,
    zh: (p) => `${p.file} 已存在：请换一个文件名，或加上 --force 覆盖`,
    es: (p) => `${p.file} ya existe: elige otro nombre o usa --force para reemplazarlo`,
  },
  backup_no_directory: {
    en: (p) => `no directory ${p.dir} for ${p.file}`,
    zh: (p) => `没有目录 ${p.dir}，无法写入 ${p.file}`,
    es: (p) => `no existe la carpeta ${p.dir} para ${p.file}`,
  },
  backup_postgres_hint: {
    en: () =>
      'PostgreSQL: copy the database with pg_dump, e.g.\n  pg_dump --format=custom --file=puente.dump "$DATABASE_URL"\nand restore it with pg_restore (see the README, "Backup and restore").',
    zh: () =>
      'PostgreSQL：请用 pg_dump 复制数据库，例如\n  pg_dump --format=custom --file=puente.dump "$DATABASE_URL"\n再用 pg_restore 恢复（见 README 的“Backup and restore”一节）。',
    es: () =>
      'PostgreSQL: copia la base de datos con pg_dump, p. ej.\n  pg_dump --format=custom --file=puente.dump "$DATABASE_URL"\ny restáurala con pg_restore (consulta el README, sección "Backup and restore").',
  },
  key_not_exported: {
    en: (p) => `no key exported: ${p.detail}`,
    zh: (p) => `未导出密钥：${p.detail}`,
    es: (p) => `no se exportó la clave: ${p.detail}`,
  },
  no_key_yet: {
    en: (p) => `no secret key to export: ${p.source} does not exist yet (nothing was sealed with one)`,
    zh: (p) => `没有可导出的密钥：${p.source} 还不存在（尚未用密钥加密任何内容）`,
    es: (p) => `no hay clave secreta que exportar: ${p.source} aún no existe (nada se ha cifrado con ella)`,
  },
  key_exported: {
    en: (p) =>
      `secret key (from ${p.source}) exported to ${p.file}, mode 0600: keep it with the dump, as secret as the key;\n  after pg_restore, put it back as ${p.keyFile} or set PUENTE_SECRET_KEY to its content`,
    zh: (p) =>
      `密钥（来自 ${p.source}）已导出到 ${p.file}，权限 0600：请与数据库转储放在一起，并像密钥本身一样保密；\n  执行 pg_restore 后，把它放回 ${p.keyFile}，或把 PUENTE_SECRET_KEY 设为其内容`,
    es: (p) =>
      `clave secreta (de ${p.source}) exportada a ${p.file}, modo 0600: guárdala junto con el respaldo y tan en secreto como la clave;\n  después de pg_restore, vuelve a ponerla en ${p.keyFile} o asigna su contenido a PUENTE_SECRET_KEY`,
  },
  no_database_at: {
    en: (p) => `no database at ${p.file}`,
    zh: (p) => `${p.file} 处没有数据库`,
    es: (p) => `no hay base de datos en ${p.file}`,
  },
  backup_written: {
    en: (p) => `backup written: ${p.file} (${p.size}, ${p.orders} orders, schema ${p.schema}), mode 0600`,
    zh: (p) => `备份已写入：${p.file}（${p.size}，${p.orders} 个订单，数据库版本 ${p.schema}），权限 0600`,
    es: (p) => `respaldo escrito: ${p.file} (${p.size}, ${p.orders} pedidos, esquema ${p.schema}), modo 0600`,
  },
  backup_holds_key: {
    en: (p) => `it holds the secret key (from ${p.source}): keep the file as secret as the key itself`,
    zh: (p) => `备份中包含密钥（来自 ${p.source}）：请像密钥本身一样保密这个文件`,
    es: (p) =>
      `contiene la clave secreta (de ${p.source}): guarda el archivo tan en secreto como la clave misma`,
  },
  backup_key_unreadable: {
    en: (p) =>
      `the backup holds no secret key: ${p.detail}; webhook secrets sealed with it cannot be restored`,
    zh: (p) => `备份中没有密钥：${p.detail}；用它加密的 Webhook 密钥将无法恢复`,
    es: (p) =>
      `el respaldo no contiene clave secreta: ${p.detail}; los secretos de webhook cifrados con ella no se podrán restaurar`,
  },
  backup_no_key_yet: {
    en: (p) => `it holds no secret key: ${p.source} does not exist yet (nothing was sealed with one)`,
    zh: (p) => `备份中没有密钥：${p.source} 还不存在（尚未用密钥加密任何内容）`,
    es: (p) => `no contiene clave secreta: ${p.source} aún no existe (nada se ha cifrado con ella)`,
  },
  // puente restore
  restore_postgres: {
    en: () =>
      'puente restore restores SQLite backups; for PostgreSQL use pg_restore (README, "Backup and restore"), then put the exported key back as puente-data/secret.key or PUENTE_SECRET_KEY; --data-dir restores into a SQLite data directory instead',
    zh: () =>
      'puente restore 只恢复 SQLite 备份；PostgreSQL 请用 pg_restore（见 README 的“Backup and restore”），再把导出的密钥放回 puente-data/secret.key 或设为 PUENTE_SECRET_KEY；也可以用 --data-dir 恢复到一个 SQLite 数据目录',
    es: () =>
      'puente restore restaura respaldos de SQLite; para PostgreSQL usa pg_restore (README, "Backup and restore") y después vuelve a poner la clave exportada en puente-data/secret.key o en PUENTE_SECRET_KEY; con --data-dir se restaura en una carpeta de datos SQLite',
  },
  no_backup_at: {
    en: (p) => `no backup at ${p.file}`,
    zh: (p) => `${p.file} 处没有备份`,
    es: (p) => `no hay respaldo en ${p.file}`,
  },
  not_a_backup: {
    en: (p) => `${p.file} is not a puente backup: ${p.detail}`,
    zh: (p) => `${p.file} 不是 puente 备份：${p.detail}`,
    es: (p) => `${p.file} no es un respaldo de puente: ${p.detail}`,
  },
  backup_damaged: {
    en: (p) => `${p.file} is damaged (SQLite integrity check: ${p.detail}): use another backup`,
    zh: (p) => `${p.file} 已损坏（SQLite 完整性检查：${p.detail}）：请使用其他备份`,
    es: (p) => `${p.file} está dañado (revisión de integridad de SQLite: ${p.detail}): usa otro respaldo`,
  },
  database_in_use: {
    en: (p) => `${p.file} is in use by a running puente: stop it, then restore`,
    zh: (p) => `${p.file} 正被运行中的 puente 使用：请先停止它，再恢复`,
    es: (p) => `${p.file} está en uso por un puente en ejecución: detenlo y luego restaura`,
  },
  restore_would_replace: {
    en: (p) =>
      `${p.hasData ? `${p.dbFile} holds data` : `${p.keyFile} holds another key`}: restore into an empty --data-dir, or add --force to replace it (the current files are kept beside it as *.before-restore-<time>)`,
    zh: (p) =>
      `${p.hasData ? `${p.dbFile} 中已有数据` : `${p.keyFile} 中是另一个密钥`}：请恢复到空的 --data-dir，或加上 --force 覆盖（现有文件会保留在旁边，名为 *.before-restore-<时间>）`,
    es: (p) =>
      `${p.hasData ? `${p.dbFile} tiene datos` : `${p.keyFile} tiene otra clave`}: restaura en una --data-dir vacía o agrega --force para reemplazarlo (los archivos actuales se conservan al lado como *.before-restore-<hora>)`,
  },
  database_kept: {
    en: (p) => `the database that was there is kept as ${p.file}`,
    zh: (p) => `原有数据库已保留为 ${p.file}`,
    es: (p) => `la base de datos que había se conserva como ${p.file}`,
  },
  restored: {
    en: (p) =>
      `restored ${p.file} (taken ${p.taken || 'at an unknown time'} from ${p.source}) into ${p.dbFile}`,
    zh: (p) =>
      `已将 ${p.file}（${p.taken ? `${p.taken} 备份` : '备份时间未知'}，来源 ${p.source}）恢复到 ${p.dbFile}`,
    es: (p) =>
      `se restauró ${p.file} (tomado ${p.taken ? `el ${p.taken}` : 'en un momento desconocido'} de ${p.source}) en ${p.dbFile}`,
  },
  key_kept: {
    en: (p) => `the key that was there is kept as ${p.file}`,
    zh: (p) => `原有密钥已保留为 ${p.file}`,
    es: (p) => `la clave que había se conserva como ${p.file}`,
  },
  key_restored: {
    en: (p) => `secret key restored to ${p.file} (mode 0600)`,
    zh: (p) => `密钥已恢复到 ${p.file}（权限 0600）`,
    es: (p) => `clave secreta restaurada en ${p.file} (modo 0600)`,
  },
  backup_without_key: {
    en: (p) => `the backup holds no secret key (${p.source || 'none had been made'})`,
    zh: (p) => `备份中没有密钥（${p.source || '当时尚未生成密钥'}）`,
    es: (p) => `el respaldo no contiene clave secreta (${p.source || 'aún no se había creado ninguna'})`,
  },
  migrations_applied: {
    en: (p) => (p.list ? `migrations applied: ${p.list}` : 'migrations: none needed'),
    zh: (p) => (p.list ? `已执行数据库迁移：${p.list}` : '数据库迁移：无需执行'),
    es: (p) => (p.list ? `migraciones aplicadas: ${p.list}` : 'migraciones: no hizo falta ninguna'),
  },
  ledger_agrees: {
    en: () => 'verify: the stock ledger agrees with every stock level',
    zh: () => '核对：库存流水与所有库存数量一致',
    es: () => 'verificación: el registro de movimientos coincide con cada nivel de inventario',
  },
  ledger_drift: {
    en: (p) =>
      `verify: ${p.n} difference(s) between the ledger and the stock levels (puente verify lists them)`,
    zh: (p) => `核对：库存流水与库存数量有 ${p.n} 处不一致（puente verify 列出明细）`,
    es: (p) =>
      `verificación: ${p.n} diferencia(s) entre el registro de movimientos y los niveles de inventario (puente verify las lista)`,
  },
  key_opens_secrets: {
    en: (p) =>
      `the key opens the webhook secrets of ${p.n} storefront(s)${p.fromEnv ? ' (PUENTE_SECRET_KEY)' : ''}`,
    zh: (p) => `密钥可以解开 ${p.n} 个店铺的 Webhook 密钥${p.fromEnv ? '（PUENTE_SECRET_KEY）' : ''}`,
    es: (p) =>
      `la clave abre los secretos de webhook de ${p.n} tienda(s)${p.fromEnv ? ' (PUENTE_SECRET_KEY)' : ''}`,
  },
  key_does_not_open: {
    en: (p) =>
      `the ${p.fromEnv ? 'PUENTE_SECRET_KEY' : 'restored'} key does not open the webhook secrets of ${p.storefronts}: their webhooks will be answered 503 until the right key is in place or the secrets are rotated`,
    zh: (p) =>
      `${p.fromEnv ? 'PUENTE_SECRET_KEY 中的' : '恢复的'}密钥解不开 ${p.storefronts} 的 Webhook 密钥：在放回正确的密钥或更换这些密钥之前，它们的 Webhook 都会收到 503`,
    es: (p) =>
      `la clave ${p.fromEnv ? 'de PUENTE_SECRET_KEY' : 'restaurada'} no abre los secretos de webhook de ${p.storefronts}: sus webhooks recibirán 503 hasta que esté la clave correcta o se cambien los secretos`,
  },
  integrity_ok: {
    en: () => 'integrity: ok',
    zh: () => '完整性检查：正常',
    es: () => 'integridad: correcta',
  },
  integrity_failed: {
    en: (p) => `integrity check failed after restoring: ${p.detail}`,
    zh: (p) => `恢复后的完整性检查未通过：${p.detail}`,
    es: (p) => `la revisión de integridad falló después de restaurar: ${p.detail}`,
  },
  // Stock, order and alert commands: what was done
  database_ready: {
    en: (p) => `database ready: ${p.engine} ${p.location}`,
    zh: (p) => `数据库已就绪：${p.engine} ${p.location}`,
    es: (p) => `base de datos lista: ${p.engine} ${p.location}`,
  },
  warehouse_added: {
    en: (p) => `warehouse ${p.code} added`,
    zh: (p) => `已添加仓库 ${p.code}`,
    es: (p) => `se agregó el almacén ${p.code}`,
  },
  warehouse_updated: {
    en: (p) =>
      `warehouse ${p.code} updated${p.recomputed ? `; operational deadline of ${p.recomputed} open orders recomputed` : ''}`,
    zh: (p) =>
      `已更新仓库 ${p.code}${p.recomputed ? `；已重新计算 ${p.recomputed} 个未完成订单的发货截止时间` : ''}`,
    es: (p) =>
      `se actualizó el almacén ${p.code}${p.recomputed ? `; se recalculó la fecha límite de envío de ${p.recomputed} pedidos abiertos` : ''}`,
  },
  storefront_added: {
    en: (p) => `storefront ${p.code} added`,
    zh: (p) => `已添加店铺 ${p.code}`,
    es: (p) => `se agregó la tienda ${p.code}`,
  },
  storefront_updated: {
    en: (p) => `storefront ${p.code} updated: version ${p.version}`,
    zh: (p) => `已更新店铺 ${p.code}：第 ${p.version} 版`,
    es: (p) => `se actualizó la tienda ${p.code}: versión ${p.version}`,
  },
  received: {
    en: (p) => `received ${p.quantity} ${p.sku} in ${p.warehouse}`,
    zh: (p) => `仓库 ${p.warehouse} 已入库 ${p.sku} ${p.quantity} 件`,
    es: (p) => `se recibieron ${p.quantity} ${p.sku} en ${p.warehouse}`,
  },
  already_received: {
    en: (p) => `already received under key ${p.key}`,
    zh: (p) => `此前已按幂等键 ${p.key} 入库，本次未重复入库`,
    es: (p) => `ya se había recibido con la clave ${p.key}; no se volvió a registrar`,
  },
  inbound_set: {
    en: (p) => `${p.quantity} ${p.sku} inbound to ${p.warehouse}${p.eta ? `, expected ${p.eta}` : ''}`,
    zh: (p) =>
      `${p.sku} 在途 ${p.quantity} 件，发往仓库 ${p.warehouse}${p.eta ? `，预计 ${p.eta} 到货` : ''}`,
    es: (p) =>
      `${p.quantity} ${p.sku} en camino a ${p.warehouse}${p.eta ? `, llegada prevista el ${p.eta}` : ''}`,
  },
  adjusted: {
    en: (p) => `adjusted ${p.sku} in ${p.warehouse} by ${p.delta}`,
    zh: (p) => `已调整仓库 ${p.warehouse} 中 ${p.sku} 的在库数量：${p.delta}`,
    es: (p) => `se ajustó ${p.sku} en ${p.warehouse}: ${p.delta}`,
  },
  moved: {
    en: (p) => `moved ${p.quantity} ${p.sku} from ${p.from} to ${p.to}`,
    zh: (p) => `已将 ${p.sku} ${p.quantity} 件从仓库 ${p.from} 调拨到 ${p.to}`,
    es: (p) => `se transfirieron ${p.quantity} ${p.sku} de ${p.from} a ${p.to}`,
  },
  order_shipped: {
    en: (p) => `order ${p.order} shipped`,
    zh: (p) => `订单 ${p.order} 已发货`,
    es: (p) => `pedido ${p.order} enviado`,
  },
  order_had_shipped: {
    en: (p) => `order ${p.order} had already shipped`,
    zh: (p) => `订单 ${p.order} 此前已发货`,
    es: (p) => `el pedido ${p.order} ya se había enviado`,
  },
  order_cancelled: {
    en: (p) => `order ${p.order} cancelled`,
    zh: (p) => `订单 ${p.order} 已取消`,
    es: (p) => `pedido ${p.order} cancelado`,
  },
  returned_restocked: {
    en: (p) => `order ${p.order}: ${p.quantity} ${p.sku} returned, back on hand`,
    zh: (p) => `订单 ${p.order}：${p.sku} 退货 ${p.quantity} 件，已退回在库`,
    es: (p) => `pedido ${p.order}: devolución de ${p.quantity} ${p.sku}, de vuelta en existencia`,
  },
  returned_damaged: {
    en: (p) => `order ${p.order}: ${p.quantity} ${p.sku} returned damaged, written off`,
    zh: (p) => `订单 ${p.order}：${p.sku} 退货 ${p.quantity} 件，已损坏，已报损`,
    es: (p) => `pedido ${p.order}: devolución de ${p.quantity} ${p.sku} dañados, dados de baja`,
  },
  alert_acknowledged: {
    en: (p) => `alert ${p.id} acknowledged`,
    zh: (p) => `预警 ${p.id} 已确认`,
    es: (p) => `alerta ${p.id} en atención`,
  },
  alert_resolved_now: {
    en: (p) => `alert ${p.id} resolved`,
    zh: (p) => `预警 ${p.id} 已解决`,
    es: (p) => `alerta ${p.id} resuelta`,
  },
  // puente serve
  serve_running: {
    en: (p) => `Puente is running at ${p.url}  (API ${p.url}/api/v1, docs ${p.url}/api/docs)`,
    zh: (p) => `Puente 已在 ${p.url} 运行（API：${p.url}/api/v1，文档：${p.url}/api/docs）`,
    es: (p) => `Puente está en marcha en ${p.url}  (API ${p.url}/api/v1, documentación ${p.url}/api/docs)`,
  },
  serve_database: {
    en: (p) => `database: ${p.engine} ${p.location}`,
    zh: (p) => `数据库：${p.engine} ${p.location}`,
    es: (p) => `base de datos: ${p.engine} ${p.location}`,
  },
  first_owner: {
    en: (p) =>
      `First start: an owner account was created. Its password is shown this once:\n  e-mail:   ${p.email}\n  password: ${p.password}\nLog in, then add your team under Settings → Users.`,
    zh: (p) =>
      `首次启动：已创建所有者账号。密码只显示这一次：\n  邮箱：${p.email}\n  密码：${p.password}\n请登录，然后在“设置 → 用户”中添加团队成员。`,
    es: (p) =>
      `Primer inicio: se creó una cuenta de propietario. Su contraseña se muestra solo esta vez:\n  correo:     ${p.email}\n  contraseña: ${p.password}\nInicia sesión y agrega a tu equipo en Configuración → Usuarios.`,
  },
  // puente demo
  demo_catalog: {
    en: (p) => `catalog: ${p.skus} SKUs, ${p.allowed} allowed in the pilot`,
    zh: (p) => `商品目录：${p.skus} 个 SKU，其中 ${p.allowed} 个在试点中可售`,
    es: (p) => `catálogo: ${p.skus} SKU, ${p.allowed} permitidos en el piloto`,
  },
  demo_loaded: {
    en: (p) =>
      `demo loaded: ${p.skus} SKUs, ${p.orders} orders over 60 days (${p.oversold} could not be filled), ${p.due} orders due within 12 h or late, ${p.low} SKU × warehouse pairs low on stock. Try: ${p.commands}`,
    zh: (p) =>
      `演示数据已载入：${p.skus} 个 SKU，60 天内 ${p.orders} 个订单（${p.oversold} 个无法备货），${p.due} 个订单 12 小时内到期或已延迟，${p.low} 组 SKU × 仓库库存偏低。可以试试：${p.commands}`,
    es: (p) =>
      `demo cargada: ${p.skus} SKU, ${p.orders} pedidos en 60 días (${p.oversold} no se pudieron surtir), ${p.due} pedidos por vencer en 12 h o atrasados, ${p.low} combinaciones SKU × almacén con inventario bajo. Prueba: ${p.commands}`,
  },
  // puente verify
  ledger_verified: {
    en: (p) =>
      `ledger verified: ${p.levels} stock levels match ${p.movements} movements and the active reservations${p.countsToo ? '; the order counts match the orders' : ''}`,
    zh: (p) =>
      `库存流水核对无误：${p.levels} 条库存数量与 ${p.movements} 条流水及当前预留一致${p.countsToo ? '；订单统计与订单一致' : ''}`,
    es: (p) =>
      `registro de movimientos verificado: ${p.levels} niveles de inventario coinciden con ${p.movements} movimientos y las reservas activas${p.countsToo ? '; los conteos de pedidos coinciden con los pedidos' : ''}`,
  },
  counts_drift: {
    en: (p) => `DRIFT: ${p.n} order count(s) differ from a recount of the orders`,
    zh: (p) => `不一致：${p.n} 项订单统计与重新清点的订单数不符`,
    es: (p) => `DISCREPANCIA: ${p.n} conteo(s) de pedidos no coinciden con un reconteo de los pedidos`,
  },
  planning_drift: {
    en: (p) =>
      `DRIFT: ${p.n} planning roll-up row(s) differ (daily demand from a recount of the orders, stock-outs from the last published figures); puente verify --repair rebuilds them`,
    zh: (p) =>
      `不一致：${p.n} 条补货计划汇总数据有差异（每日需求与重新清点的订单不符，或断货记录与最近发布的可售数量不符）；可用 puente verify --repair 重建`,
    es: (p) =>
      `DISCREPANCIA: ${p.n} fila(s) de los resúmenes de planeación difieren (demanda diaria frente a un reconteo de los pedidos, agotados frente a las últimas cantidades publicadas); puente verify --repair los reconstruye`,
  },
  planning_repaired: {
    en: (p) =>
      `repaired: daily demand rebuilt from the orders (${p.demandDays} row(s) differed), ${p.stockOuts} stock-out(s) mended; recorded in the audit log`,
    zh: (p) =>
      `已修复：按订单重建每日需求（${p.demandDays} 行有差异），修正 ${p.stockOuts} 条断货记录；已记入审计日志`,
    es: (p) =>
      `reparado: demanda diaria reconstruida desde los pedidos (${p.demandDays} fila(s) diferían), ${p.stockOuts} agotado(s) corregido(s); registrado en la bitácora de auditoría`,
  },
  levels_drift: {
    en: (p) => `DRIFT: ${p.n} difference(s) between stored levels and the ledger`,
    zh: (p) => `不一致：库存数量与库存流水有 ${p.n} 处差异`,
    es: (p) =>
      `DISCREPANCIA: ${p.n} diferencia(s) entre los niveles de inventario guardados y el registro de movimientos`,
  },
  // Imports and puente check
  more_not_listed: {
    en: (p) =>
      `${p.problems} more problem(s) and ${p.warnings} more warning(s) not listed: the first ${p.listed} of each are; fix their causes and import again`,
    zh: (p) =>
      `另有 ${p.problems} 个问题和 ${p.warnings} 条警告未列出（各只列出前 ${p.listed} 条）：请修正原因后重新导入`,
    es: (p) =>
      `${p.problems} problema(s) y ${p.warnings} aviso(s) más no se muestran (solo los primeros ${p.listed} de cada tipo): corrige sus causas e importa de nuevo`,
  },
  // A row an import refused: its `message` keeps the English, the command line words it again.
  row_undecodable: {
    en: (p) =>
      `column ${p.column}: bytes that are not ${p.encoding} text: the file is in another encoding (give it with --encoding, e.g. --encoding windows-1252)`,
    zh: (p) =>
      `第 ${p.column} 列：有不是 ${p.encoding} 文本的字节：文件是其他编码（请用 --encoding 指定，例如 --encoding gb18030）`,
    es: (p) =>
      `columna ${p.column}: hay bytes que no son texto ${p.encoding}: el archivo está en otra codificación (indícala con --encoding, p. ej. --encoding windows-1252)`,
  },
  file_cut_in_quote: {
    en: () =>
      'the file ends inside a quoted field that opens in this row: the file looks cut, and the row is not imported',
    zh: () => '文件在本行开始的一个带引号字段中结束：文件似乎不完整，本行未导入',
    es: () =>
      'el archivo termina dentro de un campo entre comillas que empieza en esta fila: parece cortado y la fila no se importa',
  },
  file_cut_in_row: {
    en: (p) =>
      `the file ends in this row, after ${p.got} of ${p.width} columns: the file looks cut, and the row is not imported`,
    zh: (p) => `文件在本行结束，只有 ${p.width} 列中的 ${p.got} 列：文件似乎不完整，本行未导入`,
    es: (p) =>
      `el archivo termina en esta fila, después de ${p.got} de ${p.width} columnas: parece cortado y la fila no se importa`,
  },
  order_held_back: {
    en: (p) =>
      `order ${p.order} (row ${p.row}) is not imported either, in case this row was one of its lines`,
    zh: (p) => `订单 ${p.order}（第 ${p.row} 行）也未导入，因为本行可能是它的商品行之一`,
    es: (p) =>
      `el pedido ${p.order} (fila ${p.row}) tampoco se importa, por si esta fila era una de sus líneas`,
  },
  // An order whose rows disagree: none of it is imported (domain/imports/assembleOrder.ts)
  order_conflict_paid_at: {
    en: (p) =>
      `order ${p.order}: paid at ${p.here} here, but ${p.there} in row ${p.row}: order ${p.order} not imported`,
    zh: (p) =>
      `订单 ${p.order}：本行付款时间为 ${p.here}，但第 ${p.row} 行为 ${p.there}：订单 ${p.order} 未导入`,
    es: (p) =>
      `pedido ${p.order}: aquí se pagó el ${p.here}, pero en la fila ${p.row} el ${p.there}: el pedido ${p.order} no se importa`,
  },
  order_conflict_currency: {
    en: (p) =>
      `order ${p.order}: currency ${p.here || '(none)'} here, but ${p.there || '(none)'} in row ${p.row}: order ${p.order} not imported`,
    zh: (p) =>
      `订单 ${p.order}：本行币种为 ${p.here || '（无）'}，但第 ${p.row} 行为 ${p.there || '（无）'}：订单 ${p.order} 未导入`,
    es: (p) =>
      `pedido ${p.order}: aquí la moneda es ${p.here || '(ninguna)'}, pero en la fila ${p.row} es ${p.there || '(ninguna)'}: el pedido ${p.order} no se importa`,
  },
  order_conflict_line: {
    en: (p) =>
      `order ${p.order}: line ${p.line} is ${p.sku} × ${p.quantity} at ${p.price} here, but ${p.otherSku} × ${p.otherQuantity} at ${p.otherPrice} in row ${p.row}: order ${p.order} not imported`,
    zh: (p) =>
      `订单 ${p.order}：商品行 ${p.line} 在本行为 ${p.sku} × ${p.quantity}，单价 ${p.price}，但第 ${p.row} 行为 ${p.otherSku} × ${p.otherQuantity}，单价 ${p.otherPrice}：订单 ${p.order} 未导入`,
    es: (p) =>
      `pedido ${p.order}: aquí la línea ${p.line} es ${p.sku} × ${p.quantity} a ${p.price}, pero en la fila ${p.row} es ${p.otherSku} × ${p.otherQuantity} a ${p.otherPrice}: el pedido ${p.order} no se importa`,
  },
  order_lines_disagree: {
    en: (p) =>
      `order ${p.order}: ${p.here} lines here, but ${p.there} in row ${p.row}: order ${p.order} not imported`,
    zh: (p) =>
      `订单 ${p.order}：本行写有 ${p.here} 个商品行，但第 ${p.row} 行写的是 ${p.there} 个：订单 ${p.order} 未导入`,
    es: (p) =>
      `pedido ${p.order}: aquí dice ${p.here} líneas, pero en la fila ${p.row} dice ${p.there}: el pedido ${p.order} no se importa`,
  },
  order_lines_missing: {
    en: (p) =>
      `order ${p.order} has ${p.declared} lines, but the file holds ${p.held} (rows ${p.rows}): the file may be cut; order ${p.order} not imported`,
    zh: (p) =>
      `订单 ${p.order} 应有 ${p.declared} 个商品行，但文件中只有 ${p.held} 个（第 ${p.rows} 行）：文件可能不完整；订单 ${p.order} 未导入`,
    es: (p) =>
      `el pedido ${p.order} tiene ${p.declared} líneas, pero el archivo trae ${p.held} (filas ${p.rows}): puede que el archivo esté cortado; el pedido ${p.order} no se importa`,
  },
  row_below_reserved: {
    en: () => 'on hand would fall below what is reserved (or below zero): the row is not applied',
    zh: () => '在库数量将低于已预留数量（或小于零）：本行未生效',
    es: () => 'la existencia quedaría por debajo de lo reservado (o de cero): la fila no se aplica',
  },
  row_above_limit: {
    en: (p) => `one SKU in one warehouse holds at most ${p.limit} units: the row is not applied`,
    zh: (p) => `同一 SKU 在同一仓库最多 ${p.limit} 件：本行未生效`,
    es: (p) => `un SKU en un almacén admite como máximo ${p.limit} unidades: la fila no se aplica`,
  },
  row_no_sku: {
    en: (p) => `no SKU ${p.sku} (puente import catalog <file> adds SKUs)`,
    zh: (p) => `没有 SKU ${p.sku}（用 puente import catalog <文件> 添加 SKU）`,
    es: (p) => `no existe el SKU ${p.sku} (puente import catalog <archivo> agrega SKU)`,
  },
  row_no_warehouse: {
    en: (p) => `no warehouse ${p.code} (puente warehouse list)`,
    zh: (p) => `没有仓库 ${p.code}（puente warehouse list 查看仓库）`,
    es: (p) => `no existe el almacén ${p.code} (puente warehouse list)`,
  },
  row_no_storefront: {
    en: (p) => `no storefront ${p.code}`,
    zh: (p) => `没有店铺 ${p.code}`,
    es: (p) => `no existe la tienda ${p.code}`,
  },
  row_required_empty: {
    en: () => 'required, but empty',
    zh: () => '必填，但为空',
    es: () => 'obligatorio, pero está vacío',
  },
  row_required_missing: {
    en: () => 'required, but missing or empty',
    zh: () => '必填，但缺失或为空',
    es: () => 'obligatorio, pero falta o está vacío',
  },
  row_not_whole_number: {
    en: (p) => `not a whole number ≥ 0 ("${p.value}")`,
    zh: (p) => `不是大于等于 0 的整数（"${p.value}"）`,
    es: (p) => `no es un número entero ≥ 0 ("${p.value}")`,
  },
  row_not_a_time: {
    en: (p) => `not a date and time with its offset, such as 2026-05-22T15:00:00-07:00 ("${p.value}")`,
    zh: (p) => `不是带时区偏移的日期时间（如 2026-05-22T15:00:00-07:00）（"${p.value}"）`,
    es: (p) => `no es una fecha y hora con su desfase, como 2026-05-22T15:00:00-07:00 ("${p.value}")`,
  },
  row_not_above_zero: {
    en: (p) => `not a whole number above 0 ("${p.value}")`,
    zh: (p) => `不是大于 0 的整数（"${p.value}"）`,
    es: (p) => `no es un número entero mayor que 0 ("${p.value}")`,
  },
  row_not_a_price: {
    en: (p) => `not a price like 249.00 ("${p.value}")`,
    zh: (p) => `不是价格（如 249.00）（"${p.value}"）`,
    es: (p) => `no es un precio como 249.00 ("${p.value}")`,
  },
  row_not_order_status: {
    en: (p) => `not an order status: paid, shipped or cancelled ("${p.value}")`,
    zh: (p) => `不是订单状态：已付款、已发货或已取消（"${p.value}"）`,
    es: (p) => `no es un estado de pedido: pagado, enviado o cancelado ("${p.value}")`,
  },
  row_shipped_before_paid: {
    en: (p) => `shipped before it was paid ("${p.value}")`,
    zh: (p) => `发货时间早于付款时间（"${p.value}"）`,
    es: (p) => `enviado antes de pagarse ("${p.value}")`,
  },
  order_not_shipped_no_stock: {
    en: (p) =>
      `order ${p.order} is waiting for stock, so it was not marked shipped: receive the stock it took first`,
    zh: (p) => `订单 ${p.order} 在等待库存，因此未标记为已发货：请先入库它当时占用的库存`,
    es: (p) =>
      `el pedido ${p.order} espera inventario, así que no se marcó como enviado: primero recibe el inventario que tomó`,
  },
  row_not_transit_mode: {
    en: (p) => `not a transit mode: sea, air or express ("${p.value}")`,
    zh: (p) => `不是运输方式：海运、空运或快递（"${p.value}"）`,
    es: (p) => `no es un modo de transporte: marítimo, aéreo o exprés ("${p.value}")`,
  },
  row_not_sku_class: {
    en: (p) => `not a class: core, test or auto ("${p.value}")`,
    zh: (p) => `不是分类：主力款、测款或自动（"${p.value}"）`,
    es: (p) => `no es una clase: base, prueba o automática ("${p.value}")`,
  },
  row_not_language: {
    en: (p) => `not a language Puente writes: zh-CN, en or es-MX ("${p.value}")`,
    zh: (p) => `不是 Puente 支持的语言：zh-CN、en 或 es-MX（"${p.value}"）`,
    es: (p) => `no es un idioma que Puente escriba: zh-CN, en o es-MX ("${p.value}")`,
  },
  row_not_line_count: {
    en: (p) => `not a number of lines such as 2 ("${p.value}")`,
    zh: (p) => `不是商品行数（如 2）（"${p.value}"）`,
    es: (p) => `no es un número de líneas como 2 ("${p.value}")`,
  },
  row_bad_lines: {
    en: () => 'every line needs a sku, a whole quantity above 0 and a price',
    zh: () => '每个商品行都需要 SKU、大于 0 的整数数量和价格',
    es: () => 'cada línea necesita un SKU, una cantidad entera mayor que 0 y un precio',
  },
  order_skipped_no_sku: {
    en: (p) => `no SKU ${p.sku}: order ${p.order} skipped`,
    zh: (p) => `没有 SKU ${p.sku}：已跳过订单 ${p.order}`,
    es: (p) => `no existe el SKU ${p.sku}: se omitió el pedido ${p.order}`,
  },
  order_skipped_currency: {
    en: (p) => `${p.currency}, but ${p.storefront} sells in ${p.sells}: order ${p.order} skipped`,
    zh: (p) => `币种为 ${p.currency}，但店铺 ${p.storefront} 以 ${p.sells} 销售：已跳过订单 ${p.order}`,
    es: (p) =>
      `${p.currency}, pero la tienda ${p.storefront} vende en ${p.sells}: se omitió el pedido ${p.order}`,
  },
  row_not_a_date: {
    en: (p) => `not a date as YYYY-MM-DD ("${p.value}")`,
    zh: (p) => `不是 YYYY-MM-DD 格式的日期（"${p.value}"）`,
    es: (p) => `no es una fecha AAAA-MM-DD ("${p.value}")`,
  },
  row_not_a_rate: {
    en: (p) => `not an exchange rate like 18.25 ("${p.value}")`,
    zh: (p) => `不是汇率（如 18.25）（"${p.value}"）`,
    es: (p) => `no es un tipo de cambio como 18.25 ("${p.value}")`,
  },
  row_not_a_pair: {
    en: (p) => `not a currency pair like USD/MXN ("${p.value}")`,
    zh: (p) => `不是货币对（如 USD/MXN）（"${p.value}"）`,
    es: (p) => `no es un par de monedas como USD/MXN ("${p.value}")`,
  },
  row_not_one_of: {
    en: (p) => `not one of ${p.choices} ("${p.value}")`,
    zh: (p) => `不是 ${p.choices} 之一（"${p.value}"）`,
    es: (p) => `no es uno de ${p.choices} ("${p.value}")`,
  },
  fx_rate_set: {
    en: (p) => `${p.pair} on ${p.date}: ${p.rate}`,
    zh: (p) => `${p.date} 的 ${p.pair} 汇率：${p.rate}`,
    es: (p) => `${p.pair} al ${p.date}: ${p.rate}`,
  },
  fx_rate_used: {
    en: (p) => `${p.pair} ${p.rate}, the rate of ${p.date}`,
    zh: (p) => `${p.pair} 汇率 ${p.rate}（${p.date} 的汇率）`,
    es: (p) => `${p.pair} ${p.rate}, el tipo de cambio del ${p.date}`,
  },
  fx_rate_earlier: {
    en: (p) => `no ${p.pair} rate on ${p.wanted}: used ${p.rate}, the latest earlier rate (of ${p.date})`,
    zh: (p) => `${p.wanted} 没有 ${p.pair} 汇率：改用此前最近的汇率 ${p.rate}（${p.date}）`,
    es: (p) =>
      `no hay tipo de cambio ${p.pair} al ${p.wanted}: se usó ${p.rate}, el más reciente anterior (del ${p.date})`,
  },
  route_skipped: {
    en: (p) => `route ${p.route} left out: ${p.why}`,
    zh: (p) => `未核算线路 ${p.route}：${p.why}`,
    es: (p) => `ruta ${p.route} omitida: ${p.why}`,
  },
  rate_cards_saved: {
    en: (p) => `rate card ${p.code} saved`,
    zh: (p) => `运价卡 ${p.code} 已保存`,
    es: (p) => `tarifa ${p.code} guardada`,
  },
  sku_cost_saved: {
    en: (p) => `cost facts of ${p.sku} saved`,
    zh: (p) => `${p.sku} 的成本资料已保存`,
    es: (p) => `datos de costo de ${p.sku} guardados`,
  },
  ignored_columns: {
    en: (p) => `note: ignored columns ${p.columns}`,
    zh: (p) => `提示：已忽略以下列：${p.columns}`,
    es: (p) => `nota: se ignoraron las columnas ${p.columns}`,
  },
  results_written: {
    en: (p) => `wrote ${p.rows} results to ${p.file}`,
    zh: (p) => `已将 ${p.rows} 条结果写入 ${p.file}`,
    es: (p) => `se escribieron ${p.rows} resultados en ${p.file}`,
  },
} satisfies Record<string, Text>;

export type NoticeKey = keyof typeof noticeTexts;

export function noticeMessage(notice: Notice, lang: Lang): string {
  return noticeTexts[notice.key][lang](notice.params ?? {});
}

/** What an import read, by the words for its counts ("2 new, 0 already imported"). */
const importedWhat: Record<string, Record<Lang, string>> = {
  catalog: { en: 'catalog', zh: '商品目录', es: 'catálogo' },
  stock: { en: 'stock', zh: '库存', es: 'inventario' },
  orders: { en: 'orders', zh: '订单', es: 'pedidos' },
  plans: { en: 'planning data', zh: '补货参数', es: 'datos de planeación' },
  fx: { en: 'exchange rates', zh: '汇率', es: 'tipos de cambio' },
  rate_cards: { en: 'rate cards', zh: '运价卡', es: 'tarifas' },
};
const countWords: Record<string, Record<Lang, string>> = {
  new: { en: 'new', zh: '新增', es: 'nuevos' },
  unchanged: { en: 'unchanged', zh: '无变化', es: 'sin cambios' },
  already_imported: { en: 'already imported', zh: '已导入过', es: 'ya importados' },
  duplicate: { en: 'duplicate', zh: '重复', es: 'duplicados' },
  reserved: { en: 'reserved', zh: '已预留', es: 'reservados' },
  awaiting_stock: { en: 'awaiting stock', zh: '等待到货', es: 'en espera de inventario' },
  allowed: { en: 'allowed', zh: '可售', es: 'permitidos' },
  needs_invitation: { en: 'needs invitation', zh: '需定邀', es: 'requieren invitación' },
  blocked: { en: 'blocked', zh: '不可售', es: 'bloqueados' },
  invalid: { en: 'invalid', zh: '数据无效', es: 'inválidos' },
  shipped: { en: 'shipped', zh: '已发货', es: 'enviados' },
  cancelled: { en: 'cancelled', zh: '已取消', es: 'cancelados' },
};

/** `stock: 2 imported (2 new, 0 already imported), 1 skipped`, in the user's language. */
export function importSummary(
  what: string,
  r: { imported: number; skipped: number; detail: Record<string, number> },
  lang: Lang,
): string {
  const detail = Object.entries(r.detail)
    .map(([k, n]) => {
      const word = countWords[k]?.[lang] ?? k.replace(/_/g, ' ');
      return lang === 'zh' ? `${word} ${n}` : `${n} ${word}`;
    })
    .join(lang === 'zh' ? '，' : ', ');
  return noticeMessage(
    {
      key: 'import_summary',
      params: { what: importedWhat[what]?.[lang] ?? what, imported: r.imported, detail, skipped: r.skipped },
    },
    lang,
  );
}

const warningWords = {
  warning: { en: 'warning', zh: '警告', es: 'aviso' },
  rows: {
    en: (rows: string) => `row ${rows}`,
    zh: (rows: string) => `第 ${rows} 行`,
    es: (rows: string) => `fila ${rows}`,
  },
  sep: { en: ': ', zh: '：', es: ': ' },
} satisfies Record<string, Record<Lang, unknown>>;

/** `warning: row 7: …` on standard error, in the user's language. */
export function warningLine(
  w: { rows: number[]; message: string; notice?: Notice | undefined },
  lang: Lang,
): string {
  const sep = warningWords.sep[lang];
  const rows = w.rows.length ? `${warningWords.rows[lang](w.rows.join(', '))}${sep}` : '';
  const text = w.notice ? noticeMessage(w.notice, lang) : w.message;
  return `${warningWords.warning[lang]}${sep}${rows}${text}`;
}

/** The headers of an import's problem table as a person reads it (CSV and JSON keep row, field, message). */
const problemColumns = {
  row: { en: 'row', zh: '行', es: 'fila' },
  field: { en: 'field', zh: '列', es: 'columna' },
  message: { en: 'message', zh: '问题', es: 'problema' },
} satisfies Record<string, Record<Lang, string>>;

/** A problem row with its headers in the user's language, for the command line's table. */
export function problemTableRow(p: { row: number; field: string; message: string }, lang: Lang) {
  return {
    [problemColumns.row[lang]]: p.row,
    [problemColumns.field[lang]]: p.field,
    [problemColumns.message[lang]]: p.message,
  };
}

/** Every table of words here, for the glossary test (src/i18n/glossary.test.ts). */
export const noticeTables = { noticeTexts, importedWhat, countWords, warningWords, problemColumns };
