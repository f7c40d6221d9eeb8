import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/**
 * Writes a synthetic catalog of `rows` rows with the 14 columns of examples/catalog.csv: titles in
 * English, Spanish and Chinese drawn from product words, prices in MXN and USD, a few bad rows.
 * Deterministic (a fixed-seed generator), so every run measures the same file.
 */
const products = [
  ['Wireless Bluetooth Earbuds', 'Electronics > Audio'],
  ['USB-C Fast Charging Cable 2m Braided', 'Electronics'],
  ['Funda para iPhone 15 con soporte magnético', 'Electrónica'],
  ['蓝牙耳机 降噪 入耳式', '3C数码'],
  ['Juguete para perro mordedor de cuerda', 'Mascotas'],
  ['猫玩具 逗猫棒 羽毛', '宠物用品'],
  ['Retractable Dog Leash 5m', 'Pet Supplies'],
  ["Men's Quick-Dry Polo Shirt", 'Menswear'],
  ['Vestido midi floral para mujer', 'Ropa > Mujer'],
  ['女士高腰阔腿裤 垂感', '女装'],
  ['Leggings deportivos de tiro alto', 'Ropa deportiva'],
  ['Stainless Steel Kitchen Organizer Rack', 'Home'],
  ['衣柜收纳盒 可折叠', '家居日用'],
  ['Lentes de sol polarizados', 'Accesorios'],
  ['Building blocks set for kids 6+ years', 'Toys'],
  ['Matte Lipstick Set 6 Colors', 'Beauty'],
  ['Fruit flavor disposable vape 5000 puffs', 'Home'],
  ['Gomitas multivitamínicas 60 piezas', 'Salud'],
  ['防胀气婴儿奶瓶套装 0-6个月', '母婴'],
  ['Collar de plata 925 con dije', 'Accesorios'],
  ['Croquetas para perro adulto 2 kg', 'Mascotas'],
  ['Mystery gift box', ''],
] as const;
const adjectives = ['Premium', 'Nuevo', '新款', 'Portable', 'Mini', 'Pro', '2025', 'Azul', '黑色', 'Large'];

function* random(seed: number) {
  let x = seed;
  while (true) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    yield x / 0x7fffffff;
  }
}

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

export async function generateCatalog(file: string, rows: number): Promise<void> {
  const rnd = random(42);
  const next = () => rnd.next().value as number;
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const out = createWriteStream(file);
  out.write(
    'sku,title,category,description,program_category,price,currency,weight_g,length_cm,width_cm,height_cm,fragile,customized,us_stock\n',
  );
  for (let i = 1; i <= rows; i++) {
    const [title, category] = pick(products);
    const usd = next() < 0.15;
    const price = usd ? (5 + next() * 200).toFixed(2) : (30 + next() * 4000).toFixed(2);
    const bad = next() < 0.005;
    const line = [
      `SKU-${String(i).padStart(7, '0')}`,
      quote(`${pick(adjectives)} ${title} ${Math.floor(next() * 100)}`),
      quote(category),
      next() < 0.2 ? quote(`${title}, calidad garantizada`) : '',
      '',
      bad ? 'abc' : price,
      usd ? 'USD' : 'MXN',
      String(Math.floor(50 + next() * 3000)),
      String(Math.floor(5 + next() * 70)),
      String(Math.floor(5 + next() * 40)),
      String(Math.floor(1 + next() * 30)),
      next() < 0.1 ? 'yes' : 'no',
      next() < 0.05 ? 'yes' : 'no',
      String(Math.floor(next() * 200)),
    ].join(',');
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
