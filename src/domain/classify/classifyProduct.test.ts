import { describe, expect, it } from 'vitest';
import { pilot } from '../../../test/support/policies.ts';
import { categoryRuleFor } from '../policy/policy.ts';
import { classifyProduct, type ProductText, REVIEW_BELOW } from './classifyProduct.ts';

/** The category of a product the classifier is sure about: no doubt, no review asked. */
function sure(product: ProductText): string | null {
  const c = classifyProduct(product);
  expect(c.doubt).toBeUndefined();
  expect(c.confidence).toBeGreaterThanOrEqual(REVIEW_BELOW);
  return c.category;
}
const title = (t: string) => sure({ title: t });

describe("[P7] prohibited words are looked for always, whatever the seller's category says", () => {
  it('a vape filed under "Home" is a vape', () => {
    expect(classifyProduct({ title: 'Fruit flavor vape', category: 'Home' })).toEqual({
      category: 'vape',
      confidence: 0.9,
      evidence: ['title: vape'],
    });
  });

  it('a vibrator filed under "Regalos" is an adult product', () => {
    const c = classifyProduct({ title: 'Vibrador recargable 10 velocidades', category: 'Regalos' });
    expect(c).toMatchObject({ category: 'adult', evidence: ['title: vibrador'] });
    expect(sure({ title: 'Rechargeable vibrator for women', category: 'Regalos' })).toBe('adult');
  });

  it('a pulse oximeter filed under "Electronics" is a medical device', () => {
    const c = classifyProduct({ title: 'Fingertip pulse oximeter', category: 'Electronics' });
    expect(c).toMatchObject({ category: 'medical.devices', evidence: ['title: pulse oximeter'] });
  });

  it('vitamin gummies are a health supplement', () => {
    expect(title('Vitamin gummies for adults')).toBe('health.supplements');
  });

  it('a baby bottle for 0-6个月 is a baby product for under-3s', () => {
    const c = classifyProduct({ title: 'Baby bottle 0-6个月' });
    expect(c).toMatchObject({ category: 'baby.under3', evidence: ['title: baby bottle'] });
  });
});

describe('[P6][P7] the age a product is for decides between prohibited and invitation-only', () => {
  it('[P7] a toy for 6-12 meses is for under-3s', () => {
    const c = classifyProduct({ title: 'Juguete musical 6-12 meses' });
    expect(c).toEqual({ category: 'baby.under3', confidence: 0.9, evidence: ['age: 6-12 meses'] });
  });

  it('[P6] a toy "para niños de 4 años" is a toy for 3+', () => {
    const c = classifyProduct({ title: 'Juguete musical para niños de 4 años' });
    expect(c).toEqual({
      category: 'toys.age3plus',
      confidence: 0.9,
      evidence: ['title: juguete', 'age: 4 anos', 'title: ninos'],
    });
  });

  it('[P7] a dress in toddler size 2T is for under-3s', () => {
    expect(title('Toddler girls dress 2T')).toBe('baby.under3');
    expect(classifyProduct({ title: 'Toddler girls dress 2T' }).evidence).toContain('age: 2t');
  });

  it("[P6] a dress in size 4T is children's apparel", () => {
    expect(title('Kids dress 4T')).toBe('kids.apparel');
  });

  it("[P6] a T-shirt for 6岁以上 is children's apparel", () => {
    expect(title('儿童T恤 6岁以上')).toBe('kids.apparel');
    expect(classifyProduct({ title: '儿童T恤 6岁以上' }).evidence).toContain('age: 6岁以上');
  });

  // BUG: ageRange reads "2 años de garantía" as an age of 2 (see ageRange.test.ts), and an age under 3
  // on any product makes it baby.under3 with confidence 0.9 and no doubt: these earbuds come out
  // prohibited [P7] instead of electronics [P5].
  it('[P5] earbuds with "2 años de garantía" are electronics, not a baby product', () => {
    expect(title('Audífonos bluetooth inalámbricos 2 años de garantía')).toBe('electronics');
  });

  // BUG: ageRange reads the cable length "1-2m" as 1–2 months, so the cable comes out baby.under3.
  it('[P5] a "Cable USB-C trenzado 1-2m" is electronics, not a baby product', () => {
    expect(title('Cable USB-C trenzado 1-2m')).toBe('electronics');
  });
});

describe('[P5] pets: toys and supplies are open, food and health products are not', () => {
  it('a dog toy is a pet toy', () => {
    expect(title('Squeaky dog toy')).toBe('pets.toys');
  });

  it('dog food is pet food or health, outside the open pets group', () => {
    expect(title('Dry dog food 5 kg')).toBe('pets.food_health');
  });

  it('a "collar para perro" is a pet supply; a "collar de plata" is jewellery [P8]', () => {
    expect(title('Collar para perro ajustable')).toBe('pets.supplies');
    expect(title('Collar de plata 925 con dije de corazón')).toBe('accessories.jewelry');
  });

  it('[P8] jewellery is a category of its own, which the pilot policy does not list', () => {
    expect(categoryRuleFor(pilot(), 'accessories.jewelry')).toBeUndefined();
  });
});

describe('words that look like other things', () => {
  it('[P5] "baby blue" is a colour: a baby blue men\'s shirt is menswear', () => {
    expect(title("Baby blue men's shirt")).toBe('apparel.menswear');
  });

  it('[P6] a vitamin C serum goes on the skin: beauty, not a supplement', () => {
    expect(title('Vitamin C serum')).toBe('beauty.personal_care');
  });

  it('[P7] collagen gummies are eaten: a supplement', () => {
    expect(title('Collagen gummies')).toBe('health.supplements');
  });

  it('[P5] a protein shaker bottle holds a supplement but is household goods', () => {
    expect(title('Protein shaker bottle')).toBe('home.household');
  });

  it('[P5][P7] a vaporizer is a humidifier next to "humidifier", a vape on its own', () => {
    expect(title('Cool mist vaporizer humidifier')).toBe('home.household');
    expect(title('Vaporizer pen')).toBe('vape');
  });

  it('[P5] a cat on a phone stand or a tee is a motif, not a pet product', () => {
    expect(title('Cute cat phone stand')).toBe('electronics');
    expect(title("Women's tee with cat print")).toBe('apparel.womenswear');
  });
});

describe('[P5] the same open categories in English, Spanish and Chinese', () => {
  it.each([
    ['Wireless Bluetooth earbuds', 'electronics'],
    ['Audífonos inalámbricos bluetooth', 'electronics'],
    ['蓝牙耳机 无线', 'electronics'],
    ['Kitchen storage box', 'home.household'],
    ['Caja organizadora de cocina', 'home.household'],
    ['厨房收纳盒', 'home.household'],
    ["Men's cotton polo shirt", 'apparel.menswear'],
    ['Camisa de hombre manga larga', 'apparel.menswear'],
    ['男士纯棉T恤', 'apparel.menswear'],
  ])('"%s" is %s', (t, expected) => {
    expect(title(t)).toBe(expected);
  });
});

describe('asks for review instead of guessing', () => {
  it('a title with no product words has no category', () => {
    const c = classifyProduct({ title: 'Mystery box' });
    expect(c).toEqual({ category: null, confidence: 0, evidence: [], doubt: { code: 'no_product_words' } });
    expect(c.confidence).toBeLessThan(REVIEW_BELOW);
  });

  it("a product only the seller's category describes is thin evidence", () => {
    const c = classifyProduct({ title: 'Modelo X-200', category: 'Hogar' });
    expect(c).toEqual({
      category: 'home.household',
      confidence: 0.55,
      evidence: ['category: hogar'],
      doubt: { code: 'thin_evidence' },
    });
    expect(c.confidence).toBeLessThan(REVIEW_BELOW);
  });
});

describe('evidence', () => {
  it('lists the words found, each with the field it was found in', () => {
    const c = classifyProduct({ title: 'Fruit flavor disposable vape 5000 puffs', category: 'Home' });
    expect(c.evidence).toEqual(['title: disposable vape', 'title: puffs']);
    const earbuds = classifyProduct({
      title: 'Wireless earbuds',
      category: 'Audífonos',
      description: 'Bluetooth 5.3',
    });
    expect(earbuds.evidence).toEqual([
      'title: wireless',
      'title: earbuds',
      'category: audifonos',
      'description: bluetooth',
    ]);
  });
});
