import { Button, Card, Group, NumberInput, Select, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api';
import type { MerchantProfile } from '../../apiModels';
import { usePermissions } from '../../auth';
import { useResource } from '../../useResource';
import { useSubmit } from '../../useSubmit';
import { ErrorNotice } from '../ErrorNotice';

/** The registered country and SPS readiness reads [P4]; the merchant type picks the playbook [P19]. */
export function MerchantProfileCard({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const { canOperate } = usePermissions();
  const current = useResource<{ profile: MerchantProfile }>('/merchant/profile');
  const [country, setCountry] = useState<string | null>(null);
  const [sps, setSps] = useState<string | number>('');
  const submit = useSubmit();
  const profile = current.data?.profile ?? null;

  useEffect(() => {
    if (!profile) return;
    setCountry(profile.country);
    setSps(profile.sps ?? '');
  }, [profile]);

  function save(event: FormEvent) {
    event.preventDefault();
    void submit.run(async () => {
      await request('/merchant/profile', {
        method: 'PUT',
        body: { country: country ?? '', sps: sps === '' ? null : Number(sps) },
      });
      current.reload();
      onSaved();
    });
  }

  return (
    <Card withBorder padding="md" id="merchant" data-testid="merchant-profile">
      <Stack gap="sm">
        <Title order={4}>{t('readiness.merchant.title')}</Title>
        <Text size="sm" c="dimmed">
          {profile
            ? t(`readiness.merchant.type.${profile.type ?? 'none'}`) +
              ' · ' +
              t(`readiness.merchant.eligibility.${profile.eligibility}`)
            : t('readiness.merchant.none')}
        </Text>
        <form onSubmit={save}>
          <Group align="flex-end" gap="sm">
            <Select
              label={t('eligibility.region')}
              data={['CN', 'HK', 'US'].map((c) => ({ value: c, label: t(`eligibility.regions.${c}`) }))}
              value={country}
              onChange={setCountry}
              disabled={!canOperate}
              w={220}
              data-testid="merchant-country"
            />
            <NumberInput
              label={t('eligibility.sps')}
              description={t('eligibility.spsHint')}
              value={sps}
              onChange={setSps}
              min={0}
              max={5}
              step={0.1}
              decimalScale={2}
              disabled={!canOperate}
              w={220}
              data-testid="merchant-sps"
            />
            {canOperate && (
              <Button type="submit" loading={submit.busy} disabled={!country} data-testid="merchant-save">
                {t('common.save')}
              </Button>
            )}
          </Group>
        </form>
        <ErrorNotice error={submit.error ?? current.error} />
      </Stack>
    </Card>
  );
}
