import { SegmentedControl } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { UiLanguage } from '../apiModels';
import { useAuth } from '../auth';

const labels: Record<UiLanguage, string> = { 'zh-CN': '中文', en: 'English', 'es-MX': 'Español' };

/** 中文 / English / Español: remembered in this browser and with the account. */
export function LanguageSwitcher({
  size = 'xs',
  testId = 'language-switcher',
}: {
  size?: 'xs' | 'sm';
  testId?: string;
}) {
  const { i18n, t } = useTranslation();
  const { setLanguage } = useAuth();
  return (
    <SegmentedControl
      size={size}
      data-testid={testId}
      aria-label={t('shell.language')}
      value={i18n.language}
      onChange={(value) =>
        setLanguage(value as UiLanguage).catch(() =>
          notifications.show({ color: 'yellow', message: t('shell.languageNotSaved') }),
        )
      }
      data={(Object.keys(labels) as UiLanguage[]).map((lang) => ({
        value: lang,
        label: <span data-testid={`${testId}-${lang}`}>{labels[lang]}</span>,
      }))}
    />
  );
}
