import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Eligibility, PolicyDocument } from '../apiTypes';
import { useFormat } from '../format';
import { FactBadge } from './badges';
import { ErrorNotice } from './ErrorNotice';

/** May this merchant join the program at all [P4]? */
export function MerchantEligibilityForm({ policy }: { policy: PolicyDocument | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [region, setRegion] = useState<string | null>('CN');
  const [sps, setSps] = useState<string | number>(3.8);
  const [hasUsWarehouse, setHasUsWarehouse] = useState(true);
  const [invitations, setInvitations] = useState<string[]>([]);
  const [qualifications, setQualifications] = useState<string[]>([]);
  const [result, setResult] = useState<Eligibility | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const facts = policy?.facts ?? {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // The server reads the merchant profile of `puente check --merchant` (registered_country, …).
      const answer = await api.post<Eligibility & { code?: string; message?: string; fact?: string | null }>(
        `/merchant/eligibility?lang=${f.apiLang}`,
        {
          registered_country: region,
          sps: sps === '' ? null : Number(sps),
          hasUsWarehouse,
          invitations,
          qualifications,
        },
      );
      setResult({
        ...answer,
        reasons:
          answer.reasons ??
          (answer.message
            ? [{ code: answer.code ?? '', message: answer.message, fact: answer.fact ?? null }]
            : []),
      });
    } catch (err) {
      setResult(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const invitationCategories = (policy?.categories ?? []).filter((c) => c.tier === 'invitation');
  return (
    <Card withBorder radius="md" h="100%" component="form" onSubmit={submit} data-testid="eligibility-form">
      <Stack gap="sm">
        <div>
          <Title order={4}>{t('eligibility.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('eligibility.description')}
          </Text>
        </div>
        <Group grow align="flex-start">
          <Select
            label={t('eligibility.region')}
            value={region}
            onChange={setRegion}
            allowDeselect={false}
            data={['CN', 'HK', 'US'].map((r) => ({ value: r, label: t(`eligibility.regions.${r}`) }))}
          />
          <NumberInput
            label={t('eligibility.sps')}
            description={t('eligibility.spsHint')}
            min={0}
            max={5}
            step={0.1}
            decimalScale={1}
            value={sps}
            onChange={setSps}
          />
        </Group>
        <Switch
          label={t('eligibility.hasUsWarehouse')}
          checked={hasUsWarehouse}
          onChange={(e) => setHasUsWarehouse(e.currentTarget.checked)}
        />
        <MultiSelect
          label={t('eligibility.invitations')}
          placeholder={t('eligibility.none')}
          data={invitationCategories.map((c) => ({ value: c.id, label: c.name[f.apiLang] ?? c.id }))}
          value={invitations}
          onChange={setInvitations}
          clearable
        />
        <MultiSelect
          label={t('eligibility.qualifications')}
          placeholder={t('eligibility.none')}
          data={(policy?.qualifications ?? []).map((q) => ({
            value: q.id,
            label: q.name[f.apiLang] ?? q.id,
          }))}
          value={qualifications}
          onChange={setQualifications}
          clearable
        />
        <Group>
          <Button type="submit" loading={busy} data-testid="eligibility-submit">
            {t('eligibility.submit')}
          </Button>
        </Group>
        <ErrorNotice error={error} />
        {result && (
          <Alert
            color={result.eligible ? 'teal' : result.status === 'unknown' ? 'yellow' : 'red'}
            variant="light"
            data-testid="eligibility-result"
            title={
              <Group gap="xs">
                <Badge color={result.eligible ? 'teal' : result.status === 'unknown' ? 'yellow' : 'red'}>
                  {result.eligible
                    ? t('eligibility.eligible')
                    : result.status === 'unknown'
                      ? t('eligibility.unknown')
                      : t('eligibility.notEligible')}
                </Badge>
              </Group>
            }
          >
            <Stack gap={4}>
              {!hasUsWarehouse && (
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <FactBadge fact="P1" text={facts.P1} />
                  <Text size="sm">{t('eligibility.noUsWarehouse')}</Text>
                </Group>
              )}
              {result.reasons.map((r) => (
                <Group key={`${r.code}|${r.message}`} gap={6} wrap="nowrap" align="flex-start">
                  {r.fact && <FactBadge fact={r.fact} text={facts[r.fact]} />}
                  <Text size="sm">{r.message}</Text>
                </Group>
              ))}
            </Stack>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
