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
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Eligibility, PolicyDocument } from '../apiModels';
import { numberProblem, numberRules, useFieldErrors } from '../fieldErrors';
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
  const [submitted, setSubmitted] = useState(false);
  const facts = policy?.facts ?? {};
  // Empty means the shop has no score yet [P4]; anything typed is judged as typed: -3 and 99 are
  // refused with the range 0–5, never turned into 0 or 5.
  const fields = useFieldErrors(
    { sps: t('eligibility.sps'), registered_country: t('eligibility.region') },
    { sps: String(sps).trim() === '' ? null : numberProblem(sps, numberRules.sps) },
    submitted,
    error,
  );

  // The merchant last asked about: the answer is asked again in the new language when it changes.
  const [asked, setAsked] = useState<Record<string, unknown> | null>(null);
  const latest = useRef(0);

  async function check(body: Record<string, unknown>, lang: string) {
    const n = ++latest.current;
    setBusy(true);
    setError(null);
    try {
      // The server reads the merchant profile of `puente check --merchant` (registered_country, …).
      const answer = await api.post<Eligibility>(`/merchant/eligibility?lang=${lang}`, body);
      if (n !== latest.current) return;
      setResult(answer);
    } catch (err) {
      if (n !== latest.current) return;
      setResult(null);
      setError(err);
    } finally {
      if (n === latest.current) setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!fields.valid) {
      setResult(null);
      setAsked(null);
      return;
    }
    const body = {
      registered_country: region,
      sps: sps === '' ? null : Number(sps),
      hasUsWarehouse,
      invitations,
      qualifications,
    };
    setAsked(body);
    void check(body, f.apiLang);
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of language asks again
  useEffect(() => {
    if (asked) void check(asked, f.apiLang);
  }, [f.apiLang]);

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
            error={fields.errors.registered_country}
            allowDeselect={false}
            data={['CN', 'HK', 'US'].map((r) => ({ value: r, label: t(`eligibility.regions.${r}`) }))}
            data-testid="eligibility-region"
          />
          <NumberInput
            label={t('eligibility.sps')}
            description={t('eligibility.spsHint')}
            step={0.1}
            allowNegative
            clampBehavior="none"
            value={sps}
            onChange={setSps}
            error={fields.errors.sps}
            data-testid="eligibility-sps"
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
        <ErrorNotice error={error} shown={fields.shown} />
        {result && (
          <Alert
            color={result.eligible ? 'teal' : result.status === 'unknown' ? 'yellow' : 'red'}
            variant="light"
            data-testid="eligibility-result"
            data-status={result.status}
            title={
              <Group gap="xs">
                <Badge
                  data-testid="eligibility-verdict"
                  color={result.eligible ? 'teal' : result.status === 'unknown' ? 'yellow' : 'red'}
                >
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
              {asked?.hasUsWarehouse === false && (
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <FactBadge fact="P1" text={facts.P1} />
                  <Text size="sm">{t('eligibility.noUsWarehouse')}</Text>
                </Group>
              )}
              <Group gap={6} wrap="nowrap" align="flex-start">
                <FactBadge fact={result.fact} text={facts[result.fact]} />
                <Text size="sm" data-testid="eligibility-reason">
                  {result.message}
                </Text>
              </Group>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
