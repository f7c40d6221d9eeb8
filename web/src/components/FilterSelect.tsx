import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A list filter: a clearable Select that reads "All" while nothing is chosen. */
export function FilterSelect(props: SelectProps) {
  const { t } = useTranslation();
  return <Select placeholder={t('common.all')} clearable {...props} />;
}
