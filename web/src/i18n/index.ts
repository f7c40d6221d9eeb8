import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { UiLanguage } from '../apiModels';
import en from './en.json';
import es from './es-MX.json';
import zh from './zh-CN.json';

const KEY = 'puente.lang';
const supported: UiLanguage[] = ['zh-CN', 'en', 'es-MX'];

export function storedLanguage(): UiLanguage | null {
  try {
    const v = localStorage.getItem(KEY);
    return supported.includes(v as UiLanguage) ? (v as UiLanguage) : null;
  } catch {
    return null;
  }
}

function browserLanguage(): UiLanguage {
  const nav = typeof navigator === 'undefined' ? 'en' : navigator.language.toLowerCase();
  if (nav.startsWith('zh')) return 'zh-CN';
  if (nav.startsWith('es')) return 'es-MX';
  return 'en';
}

export async function changeLanguage(lang: UiLanguage): Promise<void> {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = lang;
  await i18next.changeLanguage(lang);
}

const initial = storedLanguage() ?? browserLanguage();
document.documentElement.lang = initial;

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zh }, 'es-MX': { translation: es } },
  lng: initial,
  fallbackLng: 'en',
  supportedLngs: supported,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18next;
