/**
 * The words that point to a kind of product or an audience, in English, Spanish and Chinese.
 *
 * Latin terms are written lower-case without accents (text is folded the same way before matching);
 * a term of several words matches those words in a row. Plurals of single words (`-s`, `-es`) match
 * by themselves. Chinese terms match inside runs of Chinese text, longest first, so `猫砂盆` wins over `猫`.
 *
 * A term listed under `neutral` matches and then means nothing: it stops "baby blue" from being a baby
 * product and "cat eye" from being a cat.
 */

/**
 * Kinds of product. Those before `adult` are what an allowed-looking product can be, in order of
 * preference when two score the same; the prohibited and two-meaning kinds after them are settled
 * first, by rule (see classifyProduct.ts).
 */
export const kinds = [
  'beauty',
  'toy',
  'sportswear',
  'clothing',
  'shoes',
  'jewelry',
  'smartwatch',
  'watch',
  'eyewear',
  'bag',
  'electronics',
  'pet_food',
  'pet_health',
  'pet_supply',
  'household',
  'food',
  'furniture',
  'sports_equipment',
  'automotive',
  'books',
  'tools',
  'garden',
  'music',
  'office',
  'weapon',
  'adult',
  'vape',
  'vaporizer',
  'medical',
  'supplement_form',
  'supplement_ingredient',
  'baby_product',
  'maternity',
] as const;
export type Kind = (typeof kinds)[number];

export const audiences = ['pet', 'kids', 'baby', 'men', 'women', 'sport', 'neutral'] as const;
export type Audience = (typeof audiences)[number];

export type Concept = Kind | Audience;

const split = (s: string) =>
  s
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

export const lexicon: Record<Concept, string[]> = {
  clothing: split(`
    shirt, t shirt, tee, baby tee, tshirt, polo, blouse, ~top, tank top, crop top, camisole, hoodie, sweatshirt, sweater, cardigan,
    pullover, jacket, coat, parka, blazer, vest, pants, trousers, pajama, pyjama, jeans, chinos, shorts, joggers, sweatpants, dress, skirt,
    jumpsuit, romper, overalls, pajamas, pyjamas, sleepwear, nightgown, robe, underwear, boxers, briefs, panties, bra,
    bralette, lingerie, socks, sock, swimsuit, swimwear, bikini, swim trunks, scarf, beanie, hat, ~cap, gloves, ~tie,
    ~suit, uniform, costume, clothing, clothes, apparel, outfit, menswear, womenswear, windbreaker, thong, shapewear, tights,
    camisa, camiseta, guayabera, 防晒衣, 防晒服, 装扮, 变身装, 头套, cosplay, playera, blusa, sudadera, sueter, sueteres, chamarra, chaqueta, abrigo, chaleco, pantalon, pantalones,
    jeans, ~short, bermuda, vestido, falda, ~mono, pijama, ropa, ropa interior, boxer, calzon, calzones, bragas, brasier, sosten,
    calcetin, calcetas, traje de bano, bikini, bufanda, gorro, gorra, guantes, corbata, traje, disfraz, lenceria, faja,
    恤, 衬衫, 衬衣, 上衣, 卫衣, 毛衣, 针织衫, 开衫, 外套, 夹克, 大衣, 风衣, 羽绒服, 西装, 马甲, 背心, 吊带, 裤, 裤子, 长裤,
    短裤, 牛仔裤, 休闲裤, 连衣裙, 半身裙, 裙, 裙子, 连体衣, 背带裤, 睡衣, 家居服, 内衣, 内裤, 文胸, 胸罩, 袜, 袜子, 泳衣, 比基尼,
    围巾, 帽, 帽子, 手套, 领带, 服装, 衣服, 男装, 女装, 服饰, 打底衫, 睡裙, 旗袍, 汉服, 卫裤, 塑身衣, 丝袜, 连裤袜`),
  sportswear: split(`
    leggings, yoga pants, sports bra, tracksuit, jersey, activewear, athleisure, gym shorts, running shorts, compression shirt,
    workout set, athletic wear, sportswear, rash guard, cycling shorts, bike shorts, leggins, licra, mallas, pants deportivo,
    conjunto deportivo, ropa deportiva, top deportivo, sosten deportivo, 运动服, 运动裤, 运动内衣, 瑜伽裤, 瑜伽服, 紧身裤,
    健身服, 运动套装, 球衣, 篮球服, 球服, 运动袜, 足球服, 骑行服, 速干衣, 运动服饰`),
  bag: split(`
    bag, handbag, purse, backpack, tote, tote bag, crossbody, shoulder bag, clutch, wallet, card holder, luggage, suitcase,
    carry on, duffel, duffle, fanny pack, belt bag, messenger bag, laptop bag, briefcase, travel bag, cosmetic bag,
    makeup bag, packing cubes, packing cube, bolsa, bolso, mochila, cartera, maleta, equipaje, rinonera, monedero, tarjetero, portafolio, bolsa de mano,
    包包, 手提包, 单肩包, 斜挎包, 双肩包, 背包, 钱包, 卡包, 行李箱, 拉杆箱, 旅行箱, 腰包, 托特包, 化妆包, 箱包, 手拿包, 旅行包, 书包`),
  eyewear: split(`
    sunglasses, eyeglasses, glasses, reading glasses, blue light glasses, eyewear, spectacles, glasses frame, goggles,
    lentes, lentes de sol, gafas, anteojos, armazon, 眼镜, 太阳镜, 墨镜, 老花镜, 防蓝光眼镜, 眼镜框, 镜框`),
  watch: split(`
    watch, wristwatch, quartz watch, analog watch, reloj, relojes, reloj de pulsera, 手表, 腕表, 石英表, 机械表, 男表, 女表`),
  smartwatch: split(`
    smartwatch, smart watch, smart ring, anillo inteligente, 智能戒指, fitness tracker, smart band, activity tracker, reloj inteligente, pulsera inteligente,
    智能手表, 智能手环, 运动手环`),
  electronics: split(`
    charger, charging, cable, ~usb, usb c, type c, lightning cable, power bank, powerbank, earbuds, earphones, headphones,
    headset, ~bluetooth, ~wireless, speaker, phone case, iphone case, case for iphone, screen protector, tempered glass,
    keyboard, mouse, webcam, smart plug, ~adapter, hdmi, ~hub, phone, smartphone, tablet, ipad, laptop, drone, game controller,
    ~controller, gamepad, phone holder, phone stand, car phone holder, car mount, car charger, ring light, selfie stick, tripod, dash cam, camera, microphone, mic,
    router, projector, led strip, smart bulb, ~led, ~rgb, ~smart, ~gaming, memory card, sd card, microsd, micro sd, tarjeta de memoria, tarjeta microsd, flash drive, ssd, ~monitor, magsafe, airpods, earbud,
    cargador, cable usb, bateria portatil, audifonos, auriculares, bocina, altavoz, funda, funda para celular, mica,
    protector de pantalla, teclado, raton, celular, telefono, tableta, ~control, soporte para celular, camara, microfono,
    proyector, tira led, control inalambrico, ~inalambrico, ps4, ps5, xbox, nintendo switch, adaptador, 充电器, 充电头, 数据线, 充电线, 充电宝, 移动电源, 耳机, 蓝牙耳机, 音箱, 音响, 蓝牙音箱,
    手机壳, 手机套, 钢化膜, 保护膜, 键盘, 鼠标, 摄像头, 智能插座, 转接头, 扩展坞, 手机, 平板, 平板电脑, 笔记本电脑,
    无人机, 游戏手柄, 手柄, 手机支架, 补光灯, 自拍杆, 三脚架, 行车记录仪, 相机, 麦克风, 路由器, 投影仪, 灯带, 内存卡,
    优盘, U盘, 显示器, 数码, 电子产品, 3c, ~electronics, ~electronica, ~electronicos, consumer electronics`),
  household: split(`
    storage box, storage bin, organizer, kitchen, utensil, spatula, cutting board, knife set, pan, pot, cookware,
    container, food container, lunch box, water bottle, tumbler, mug, cup, plate, bowl, towel, bath towel, bath mat,
    shower curtain, toothbrush holder, soap dispenser, hanger, hangers, laundry basket, trash can, broom, mop, cleaning,
    cleaning brush, sponge, dish rack, shelf, hook, hooks, curtain, pillow, pillowcase, blanket, bedding, bed sheet,
    sheet set, duvet cover, comforter, cushion, throw pillow, rug, doormat, candle, vase, decor, home decor, wall art,
    picture frame, clock, wall clock, humidifier, diffuser, aroma diffuser, lamp, night light, table lamp, tissue box,
    vacuum, shaker bottle, shaker, trash bags, garbage bags, bolsas para basura, bolsa para basura, bolsas de basura,
    vaporizador de ropa, plancha de vapor, garment steamer, cortaunas, corta unas, 储粮桶, 密封桶, mezclador, 梳子, pill organizer, pill box, pill case, pastillero, 药盒, 摇摇杯, shoe organizer, shoe rack,
    shoe storage, zapatera, wall clock, reloj de pared, food thermometer, cooking thermometer, grill thermometer,
    bbq thermometer, termometro de cocina, lint remover, lint roller, fabric shaver, quitapelusas, quitapelo, ~brush, ~cepillo, ice tray, cookie cutter, baking, apron, coaster, placemat, drawer, closet, household, ~home,
    party decorations, balloons, ~decoration, meat thermometer, kitchen thermometer, hygrometer, kitchen scale, sealer,
    organizador, caja organizadora, cocina, utensilio, utensilios, tabla para picar, sarten, olla, contenedor, tupper,
    lonchera, termo, botella, vaso, taza, plato, toalla, tapete, cortina, gancho, ganchos, cesto, bote de basura, escoba,
    trapeador, ~limpieza, esponja, escurridor, repisa, almohada, funda de almohada, cobija, manta, sabana, sabanas,
    edredon, cojin, alfombra, vela, florero, decoracion, cuadro, portarretrato, humidificador, difusor, lampara, ~hogar,
    globos, bascula de cocina,
    收纳盒, 收纳箱, 收纳, 置物架, 厨房, 厨具, 锅, 炒锅, 砧板, 菜板, 保鲜盒, 饭盒, 水杯, 保温杯, 杯子, 马克杯, 盘子, 碗,
    毛巾, 浴巾, 地垫, 浴帘, 衣架, 脏衣篮, 垃圾桶, 扫把, 拖把, 清洁, 海绵, 沥水架, 挂钩, 窗帘, 枕头, 枕套, 毯子, 床单,
    被套, 四件套, 抱枕, 靠垫, 地毯, 蜡烛, 花瓶, 装饰, 摆件, 挂画, 相框, 挂钟, 加湿器, 香薰, 香薰机, 台灯, 夜灯, 纸巾盒,
    ~家居, 家居日用, 日用品, ~居家, 厨房用品, 收纳袋, 保鲜, 保鲜盖, 保鲜膜, 鞋架, 鞋柜, kitchen knife, chef knife, 雨伞, umbrella, paraguas, 伞`),
  toy: split(`
    toy, toys, plush, plushie, stuffed animal, doll, action figure, ~figure, building blocks, building set, reborn, bebe reborn, rc helicopter, toy drone, lego, puzzle,
    jigsaw, rc car, remote control car, board game, playset, play set, fidget, slime, squishy, kite, dollhouse, yo yo,
    stacking toy, toy car, chew toy, pelota, tunel, dispensadora de premios, dispensador de premios, treat dispenser, treat dispensing, treat ball, snuffle mat, squeaky, water gun, bubble machine, teddy bear, card game, model kit, kinetic sand, play dough,
    juguete, juguetes, peluche, muneca, munecas, figura de accion, bloques de construccion, rompecabezas, carro a control
    remoto, juego de mesa, didactico, didacticos, pistola de agua, burbujas,
    玩具, 毛绒玩具, 公仔, 娃娃, 芭比, 积木, 拼图, 遥控车, ~遥控, 科学实验, 实验套装, stem, 桌游, 益智, 解压, 捏捏乐, 逗猫, 逗猫棒, 逗猫球, 逗狗, 风筝, 手办, ~模型, 泡泡机, 水枪, 玩偶, 过家家`),
  beauty: split(`
    makeup, lipstick, lip gloss, lip balm, mascara, eyeliner, eyeshadow, foundation, concealer, blush, highlighter, primer,
    setting spray, skincare, skin care, serum, moisturizer, face cream, cream, lotion, cleanser, face wash, toner,
    sunscreen, face mask, sheet mask, shampoo, conditioner, hair mask, hair oil, body wash, soap, perfume, fragrance,
    cologne, deodorant, nail polish, gel polish, press on nails, nail, false eyelashes, lashes, eyelash, makeup brush,
    beauty blender, baby hair, baby hairs, edge control, vaporizador facial, facial steamer, massage gun, massager, masajeador, pistola de masaje, 筋膜枪, 按摩器, razor, shaver, trimmer, toothbrush, electric toothbrush, toothpaste, whitening, hair dryer,
    blow dryer, straightener, flat iron, curling iron, hair curler, wig, hair extensions, beauty, cosmetics, personal care,
    maquillaje, labial, rimel, delineador, sombras, base de maquillaje, corrector, rubor, cuidado de la piel, suero, serum,
    crema, crema facial, locion, limpiador, protector solar, bloqueador, mascarilla, champu, shampoo, acondicionador, jabon,
    perfume, fragancia, desodorante, esmalte, unas, pestanas, brochas, rastrillo, afeitadora, cepillo de dientes,
    cepillo dental, pasta dental, secadora de cabello, secadora, plancha de cabello, plancha para cabello, plancha alaciadora, alaciadora, rizador, peluca,
    belleza, cosmeticos, cuidado personal,
    化妆品, 彩妆, 口红, 唇膏, 唇釉, 睫毛膏, 眼线笔, 眼影, 粉底, 粉底液, 遮瑕, 腮红, 高光, 护肤, 护肤品, 精华, 精华液,
    面霜, 乳液, 洁面, 洗面奶, 爽肤水, ~防晒, 防晒霜, 面膜, 洗发水, 护发素, 发膜, 沐浴露, 香皂, 香水, 止汗, 指甲油, 美甲,
    穿戴甲, 假睫毛, 化妆刷, 美妆蛋, 剃须刀, 刮胡刀, 牙刷, 电动牙刷, 牙膏, 美白, 吹风机, 直发器, 卷发棒, 假发, 美妆,
    个护, 美妆个护, 洗护`),
  adult: split(`
    sex toy, vibrator, dildo, adult toy, adult toys, masturbator, butt plug, anal plug, cock ring, bondage, lubricant,
    personal lubricant, intimate massager, masajeador intimo, juguete intimo, estimulador, condom, condoms, erotic, sex, fleshlight, juguete sexual, juguetes sexuales, vibrador, consolador,
    lubricante intimo, condon, condones, erotico, sexual, 情趣, 情趣用品, 成人用品, 震动棒, 跳蛋, 飞机杯, 避孕套, 安全套,
    润滑液, 自慰, 成人玩具`),
  vape: split(`
    vape, vapes, vaping, e cigarette, e cig, ecig, electronic cigarette, disposable vape, vape pen, vape pod, pod system,
    e liquid, eliquid, vape case, vape lanyard, mesh coil, ~ohm, vape pods, empty pods, refillable pods, massager wand, wand massager, e juice, vape juice, nicotine, puffs, cigarro electronico, cigarrillo electronico, vapeador, vaper,
    vapes desechables, liquido para vapeador, nicotina, 电子烟, 一次性电子烟, 烟弹, 烟油, 雾化棒, 雾化杆, 电子雾化器, 电子雾化, 一次性雾化, 烟杆, 尼古丁, 小烟, 大烟`),
  vaporizer: split(`vaporizer, vaporizador, 雾化器`),
  medical: split(`
    blood pressure monitor, blood pressure, sphygmomanometer, pulse oximeter, oximeter, thermometer, forehead thermometer,
    glucose meter, glucometer, blood glucose, hearing aid, hearing aids, nebulizer, tens unit, tens machine,
    contact lenses, contact lens, colored contacts, kn95, n95, surgical mask, medical mask, knee brace, back brace, wrist brace,
    posture corrector, orthopedic brace, orthopedic insoles, first aid kit, first aid, stethoscope, catheter, wheelchair, crutches, medical device,
    baumanometro, tensiometro, oximetro, termometro, glucometro, aparato auditivo, auxiliar auditivo, nebulizador,
    electroestimulador, lentes de contacto, pupilentes, cubrebocas, mascarilla kn95, rodillera ortopedica, faja ortopedica,
    corrector de postura, botiquin, estetoscopio, silla de ruedas, muletas, dispositivo medico,
    血压计, 血氧仪, ~血氧, 体温计, 额温枪, 温度计, 血糖仪, 助听器, 雾化机, 理疗仪, 隐形眼镜, 美瞳, 医用口罩, 口罩, 护膝,
    ~护腰, 矫姿, 矫正带, 急救包, 听诊器, 轮椅, 拐杖, 医疗器械, 医用`),
  supplement_form: split(`
    supplement, supplements, dietary supplement, capsules, softgels, gummies, vitamin gummies, protein powder,
    whey protein, whey, proteina whey, isolate, peptides, collagen peptides, pre workout, creatine, weight loss pills, diet pills, detox tea, slimming tea, fat burner, multivitamin,
    suplemento, suplementos, suplemento alimenticio, capsulas, gomitas, proteina en polvo, creatina,
    pastillas para bajar de peso, te detox, te adelgazante, adelgazante, quema grasa, quemador de grasa, multivitaminico,
    保健品, 营养品, 膳食补充剂, 胶囊, 软胶囊, 片剂, 软糖, 蛋白粉, 乳清蛋白, 肌酸, 减肥药, 减肥茶, 酵素, 瘦身, 减肥, 清肠, 排毒茶, 燃脂, 复合维生素`),
  supplement_ingredient: split(`
    vitamin, vitamins, vitamin c, vitamin d, collagen, probiotic, probiotics, fish oil, omega 3, melatonin, biotin,
    ashwagandha, turmeric, elderberry, zinc, magnesium, glucosamine, spirulina, ginseng, apple cider vinegar,
    vitamina, vitaminas, colageno, probiotico, probioticos, aceite de pescado, melatonina, biotina, magnesio, glucosamina,
    维生素, 维他命, 胶原蛋白, 益生菌, 鱼油, 褪黑素, 生物素, 叶黄素, 钙片, 辅酶, 人参`),
  baby_product: split(`
    baby bottle, feeding bottle, pacifier, teether, teething, diaper, diapers, nappy, baby wipes, stroller,
    pram, crib, bassinet, baby carrier, baby walker, high chair, playpen, baby monitor, swaddle, ~onesie,
    bib, bibs, rattle, baby gate, breast pump, nursing, sippy cup, baby formula, infant formula, car seat, baby bath,
    biberon, biberones, chupon, chupete, mordedera, panal, panales, toallitas humedas, carriola, cuna, portabebe,
    andadera, silla alta, corral, monitor para bebe, cobija para bebe, mameluco, pañalero, panalero, babero, sonaja,
    sonajero, extractor de leche, lactancia, formula infantil, autoasiento, banera para bebe,
    奶瓶, 奶嘴, 安抚奶嘴, 牙胶, 尿布, 纸尿裤, 尿不湿, 婴儿车, 推车, 婴儿床, 摇篮, 背带, 腰凳, 学步车, 襁褓, 包被, 哈衣, 爬服, 口水巾, 围兜, 摇铃, 吸奶器, 哺乳, 奶粉, 安全座椅, 浴盆, 母婴, 婴童`),
  maternity: split(`
    maternity, pregnancy, pregnant, nursing bra, belly band, pregnancy pillow, postpartum, postnatal, maternidad, postparto, post parto, fajero, embarazada,
    embarazo, premama, posparto, 孕妇, 孕妇装, 孕期, 哺乳文胸, 产后, 月子, 托腹`),
  pet_food: split(`
    dog food, cat food, pet food, kibble, wet food, dry food, treats, dog treats, cat treats, chews, dental chews, jerky,
    catnip treats, bully stick, croquetas, alimento para perro, alimento para gato, alimento, comida para perro,
    comida para gato, premios, golosinas, snacks para perro, 狗粮, 猫粮, 宠物食品, 主粮, 零食, 冻干, 罐头, 猫条, 磨牙棒, 肉干`),
  pet_health: split(`
    flea, tick, flea and tick, dewormer, deworming, pet vitamins, joint supplement, calming chews, ear drops, eye drops,
    pulgas, garrapatas, antipulgas, desparasitante, 驱虫, 体内驱虫, 体外驱虫, 跳蚤, 蜱虫, 宠物保健, 营养膏, 化毛膏`),
  pet_supply: split(`
    leash, harness, collar, dog collar, cat collar, litter box, cat litter, litter, pet bed, dog bed, cat bed, kennel,
    crate, pet carrier, carrier, scratcher, scratching post, cat tree, feeder, automatic feeder, water fountain,
    pet bowl, dog bowl, grooming, grooming brush, nail clipper, poop bags, pet gate, aquarium, fish tank, bird cage,
    correa, pechera, arnes, collar para perro, arenero, arena para gato, cama para perro, cama para mascota,
    transportadora, rascador, comedero, bebedero, cepillo para mascotas, bolsas para desechos, pecera, jaula,
    牵引绳, 胸背带, 项圈, 猫砂盆, 猫砂, 宠物窝, 狗窝, 猫窝, 宠物床, 笼子, 航空箱, 宠物包, 猫抓板, 猫爬架, 喂食器,
    自动喂食器, 饮水机, 针梳, 去浮毛, 宠物碗, 狗碗, 猫碗, 梳毛, 指甲剪, 拾便袋, 鱼缸, 鸟笼, 宠物用品`),
  jewelry: split(`
    necklace, pendant, earrings, earring, bracelet, ring, rings, anklet, brooch, jewelry, jewellery, charm, chain necklace,
    choker, jewelry set, collar, collares, arete, aretes, pulsera, anillo, anillos, ~tobillera, dije, joyeria, bisuteria,
    cadena, hair clip, claw clip, scrunchie, pinza para cabello, 发夹, 发饰, 抓夹, 鲨鱼夹, 项链, 吊坠, 耳环, 耳钉, 手链, 手镯, 戒指, 脚链, 胸针, 饰品, 首饰, 珠宝`),
  shoes: split(`
    shoes, shoe, sneakers, sneaker, boots, boot, sandals, slippers, heels, loafers, flip flops, running shoes, trainers,
    footwear, clogs, zapatos, zapato, tenis, botas, sandalias, pantuflas, tacones, chanclas, huaraches, calzado,
    鞋, 鞋子, 运动鞋, 跑鞋, 靴子, 凉鞋, 拖鞋, 高跟鞋, 皮鞋, 板鞋, 帆布鞋, 童鞋`),
  food: split(`
    snack, snacks, candy, chocolate, cookies, coffee, tea, beverage, drink, sauce, spices, noodles, chips, gum, jerky,
    dulces, galletas, cafe, bebida, salsa, especias, botana, botanas, chicles,
    零食, 糖果, 巧克力, 饼干, 咖啡, 茶叶, 饮料, 酱, 调料, 方便面, 辣条, 食品, 坚果`),
  furniture: split(`
    sofa, couch, bed frame, mattress, dining table, ~desk, office chair, chair, table, bookshelf, dresser, wardrobe,
    cabinet, nightstand, tv stand, bench, ottoman, mueble, muebles, sillon, colchon, mesa, ~escritorio, silla, librero,
    comoda, ropero, gabinete, buro, 沙发, 床架, 床垫, 餐桌, 书桌, 办公椅, 椅子, 桌子, 书架, 衣柜, 柜子, 床头柜, 电视柜, 家具`),
  sports_equipment: split(`
    yoga mat, dumbbell, dumbbells, kettlebell, resistance bands, resistance band, jump rope, treadmill, exercise bike,
    pull up bar, ab roller, foam roller, basketball ball, soccer ball, tennis racket, golf, fishing rod,
    tent, sleeping bag, bicycle, bike, scooter, skateboard, camping, tapete de yoga, mancuerna, mancuernas, ligas de
    resistencia, cuerda para saltar, caminadora, balon, pelota de futbol, raqueta, cana de pescar, tienda de campana,
    bicicleta, patineta, 瑜伽垫, 哑铃, 壶铃, 弹力带, 拉力带, 跳绳, 跑步机, 健身器材, 泡沫轴, 篮球, 足球, 网球拍,
    鱼竿, 帐篷, 睡袋, 自行车, 滑板, 露营`),
  automotive: split(`
    car accessories, car seat cover, steering wheel cover, car vacuum, windshield, tire, wiper, canbus, h4, h7, h11, focos para auto, focos led para auto, brake pads, brake pad, pastillas de freno, balatas, 刹车片, headlight, headlights,
    tail light, bumper, faro, faros, faro delantero, calavera trasera, defensa, espejo lateral, 车灯, 大灯, floor mats, auto parts, accesorios para auto, funda para volante, refacciones, llanta,
    汽车用品, 车载, 座套, 方向盘套, 脚垫, 汽车配件, 雨刮`),
  books: split(`book, books, novel, notebook journal, libro, libros, novela, 书, 书籍, 图书, 小说, 绘本`),
  tools: split(`
    drill, screwdriver, wrench, hammer, pliers, tool set, tool kit, saw, multimeter, soldering iron, tape measure,
    taladro, desarmador, llave inglesa, martillo, pinzas, juego de herramientas, herramienta, herramientas, sierra,
    电钻, 螺丝刀, 扳手, 锤子, 钳子, 工具箱, 工具套装, 工具, 锯, 万用表, 电烙铁, 卷尺`),
  garden: split(`
    garden, gardening, planter, flower pot, seeds, hose, lawn, plant, artificial plants, jardin, jardineria, maceta,
    semillas, manguera, planta, 园艺, 花盆, 种子, 水管, 草坪, 绿植, 花园`),
  music: split(`
    guitar, ukulele, piano, keyboard piano, drum, violin, harmonica, guitar strings, guitarra, bateria musical, violin,
    armonica, 吉他, 尤克里里, 钢琴, 电子琴, 鼓, 小提琴, 口琴, 乐器`),
  office: split(`
    pen, pens, pencil, pencils, notebook, notebooks, stapler, sticky notes, marker, markers, highlighters, planner,
    binder, envelope, paper, pluma, plumas, lapiz, lapices, cuaderno, cuadernos, engrapadora, marcador, marcadores,
    papeleria, 笔, 中性笔, 铅笔, 笔记本, 本子, 订书机, 便利贴, 记号笔, 荧光笔, 文具, 文件夹`),
  weapon: split(`
    pocket knife, tactical knife, machete, stun gun, taser, pepper spray, airsoft, bb gun, crossbow, brass knuckles,
    navaja, cuchillo tactico, macheta, taser, gas pimienta, 折叠刀, 匕首, 电击器, 防狼喷雾, 弩`),
  pet: split(`
    dog, dogs, puppy, puppies, cat, cats, kitten, kittens, pet, pets, doggy, doggie, canine, feline, rabbit, hamster,
    parrot, bird, fish, perro, perros, perrito, perrita, gato, gatos, gatito, mascota, mascotas, cachorro, conejo,
    狗, 狗狗, 犬, 小狗, 幼犬, 猫, 猫咪, 小猫, 幼猫, 宠物, 兔子, 仓鼠, 鹦鹉, 鸟`),
  kids: split(`
    kids, kid, children, child, childrens, boys, boy, girls, girl, youth, junior, little kids, big kids, preschool,
    nino, nina, ninos, ninas, infantil, juvenil, escolar, 儿童, 童, 男童, 女童, 男孩, 女孩, 小孩, 孩子, 中大童, 小童, 学生, 童装`),
  baby: split(`
    baby, babies, infant, infants, newborn, from birth, toddler, toddlers, bebe, bebes, recien nacido, recien nacida,
    desde el nacimiento,
    婴儿, 宝宝, 新生儿, 幼儿, 婴幼儿`),
  men: split(`
    men, ~man, mens, male, gentleman, husband, boyfriend, dad, father, hombre, hombres, caballero, caballeros, varon,
    masculino, boxers, briefs, boxer, 男, 男士, 男款, 男式, 男生, 男人, 爸爸`),
  women: split(`
    women, woman, womens, ladies, lady, female, wife, girlfriend, mom, mother, mujer, mujeres, dama, damas, femenino, baby tee, dress, skirt, blouse, bra, bralette, lingerie, panties, bikini, nightgown, camisole, crop top, thong,
    shapewear, vestido, falda, blusa, brasier, bragas, lenceria, 连衣裙, 半身裙, 裙, 裙子, 文胸, 胸罩, 比基尼, 睡裙, 旗袍, 女, 女士, 女款, 女式, 女生, 女人, 妈妈, 少女`),
  sport: split(`
    sport, sports, football, soccer, basketball, baseball, futbol, gym, workout, fitness, running, yoga, athletic, training, cycling, deportivo, deportiva, gimnasio,
    ejercicio, correr, entrenamiento, fitness, 运动, 健身, 跑步, 瑜伽, 速干`),
  neutral: split(`
    baby blue, baby pink, 宝宝蓝, baby doll dress, babydoll, oh baby, talla chica, talla grande, 婴儿蓝, azul bebe, rosa bebe, cat eye, cat ear, cat ears, hot dog, dog lover, cat lover, dog mom, cat mom,
    dog dad, cat dad, baby shower, baby yoda, mom jeans, boyfriend jeans, boyfriend shirt, kids room, key ring,
    包邮, 礼包, 大礼包, 礼盒, 猫眼, 猫耳`),
};
