import type { Policy } from '../domain/policy/policy.ts';
import type { Lang } from './messages.ts';

/**
 * Names for the category ids the classifier knows but the program's lists do not (classifyProduct.ts
 * gives them ids so that a policy can open them later). A policy's own names win; these are for the
 * rest, so that no reason shows a raw id such as `accessories.jewelry` to a person.
 */
const classifierCategoryNames: Record<string, Record<Lang, string>> = {
  'accessories.jewelry': { en: 'Jewellery & ornaments', zh: '饰品', es: 'Joyería y bisutería' },
  shoes: { en: 'Shoes', zh: '鞋靴', es: 'Calzado' },
  food: { en: 'Food', zh: '食品', es: 'Alimentos' },
  furniture: { en: 'Furniture', zh: '家具', es: 'Muebles' },
  'sports.equipment': { en: 'Sports equipment', zh: '运动器材', es: 'Equipo deportivo' },
  automotive: { en: 'Automotive', zh: '汽车用品', es: 'Accesorios para auto' },
  books: { en: 'Books', zh: '图书', es: 'Libros' },
  tools: { en: 'Tools', zh: '五金工具', es: 'Herramientas' },
  garden: { en: 'Garden', zh: '园艺用品', es: 'Jardín' },
  'music.instruments': { en: 'Musical instruments', zh: '乐器', es: 'Instrumentos musicales' },
  'office.supplies': { en: 'Office supplies', zh: '办公用品', es: 'Artículos de oficina' },
  weapons: { en: 'Weapons', zh: '武器', es: 'Armas' },
};

const unlistedName: Record<Lang, string> = {
  en: 'a category the program does not list',
  zh: '项目未列出的类目',
  es: 'una categoría que el programa no incluye',
};

/** A category in the reader's words: the policy's name, the classifier's, or "not listed". */
export function categoryName(policy: Policy, id: string | number | undefined, lang: Lang): string {
  const rule = policy.categories.find((c) => c.id === id);
  if (rule) return rule.name[lang];
  return classifierCategoryNames[String(id)]?.[lang] ?? unlistedName[lang];
}

/** Every id that has a name here, for tests. */
export const namedClassifierIds = Object.keys(classifierCategoryNames);
