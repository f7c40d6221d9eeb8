import {
  Alert,
  Button,
  Card,
  FileButton,
  Grid,
  Group,
  NumberInput,
  Progress,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, type Page } from '../api';
import type { CheckJob } from '../apiModels';
import { usePermissions } from '../auth';
import { CheckHistory } from '../components/CheckHistory';
import { CheckResults } from '../components/CheckResults';
import { ErrorNotice } from '../components/ErrorNotice';
import { MerchantEligibilityForm } from '../components/MerchantEligibilityForm';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../format';
import { useActivePolicy } from '../policyFacts';
import { usePagedList } from '../useResource';

const POLL_MS = 600;

export default function CompliancePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { apiLang } = f;
  const { canOperate } = usePermissions();
  const { policy } = useActivePolicy();
  const [params, setParams] = useSearchParams();
  const checkId = params.get('check');
  const [check, setCheck] = useState<CheckJob | null>(null);
  const [usdMxn, setUsdMxn] = useState<string | number>(18.25);
  const history = usePagedList<CheckJob>('/checks', { limit: 5 });
  // The last check that finished: it stays on screen while a newer one runs or after one fails.
  const [lastDone, setLastDone] = useState<CheckJob | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // With no check named in the address, open the latest one (the demo has checked its catalog).
  const [lookedUp, setLookedUp] = useState(false);
  useEffect(() => {
    if (checkId) return;
    let live = true;
    api
      .get<Page<CheckJob>>('/checks', { limit: 1 })
      .then((list) => {
        const latest = list.items[0];
        if (live && latest) setParams({ check: latest.id }, { replace: true });
        else if (live) setLookedUp(true);
      })
      .catch(() => live && setLookedUp(true));
    return () => {
      live = false;
    };
  }, [checkId, setParams]);

  // Follow the check until it is done: its progress, then its summary.
  useEffect(() => {
    if (!checkId) {
      setCheck(null);
      return;
    }
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const job = await api.get<CheckJob>(`/checks/${encodeURIComponent(checkId)}`, { lang: apiLang });
        if (stopped) return;
        setCheck(job);
        if (job.status === 'done') setLastDone(job);
        if (job.status === 'queued' || job.status === 'running') timer = setTimeout(poll, POLL_MS);
      } catch (err) {
        if (!stopped) setError(err);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [checkId, apiLang]);

  async function upload(file: File | null) {
    if (!file) return;
    // A refused upload leaves the check on screen as it was: only its error shows.
    setUploading(true);
    setError(null);
    try {
      const form = new FormData();
      form.set('lang', f.apiLang);
      if (usdMxn !== '') form.set('usdMxn', String(usdMxn));
      form.set('file', file, file.name);
      const job = await api.post<{ id: string }>('/checks', form);
      setParams({ check: job.id });
    } catch (err) {
      setError(err);
    } finally {
      setUploading(false);
    }
  }

  // The list follows the check on screen: a new one appears, a running one ends.
  const { reload: reloadHistory } = history;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the check's id or status changes
  useEffect(() => reloadHistory(), [check?.id, check?.status, reloadHistory]);

  const running = check && (check.status === 'queued' || check.status === 'running');
  // A check that is not done yet, or failed, shows the good one before it (ISO UTC times sort as text).
  const shown =
    check?.status === 'done'
      ? check
      : check
        ? (history.items.find((j) => j.status === 'done' && j.createdAt < check.createdAt) ?? lastDone)
        : null;
  const percent = check?.rowsTotal ? Math.min(100, (check.rowsDone / check.rowsTotal) * 100) : 100;

  return (
    <Stack gap="md">
      <PageHeader title={t('compliance.title')} description={t('compliance.description')} />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card withBorder radius="md" h="100%">
            <Stack gap="sm">
              <div>
                <Title order={4}>{t('compliance.uploadTitle')}</Title>
                <Text size="sm" c="dimmed">
                  {t('compliance.uploadHint')}
                </Text>
              </div>
              <Group align="flex-end">
                <NumberInput
                  label={t('compliance.usdMxn')}
                  description={t('compliance.usdMxnHint')}
                  min={0}
                  step={0.05}
                  decimalScale={4}
                  value={usdMxn}
                  onChange={setUsdMxn}
                  w={220}
                />
                <FileButton
                  onChange={upload}
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  disabled={!canOperate || uploading}
                  inputProps={{ 'data-testid': 'catalog-upload-input' } as React.ComponentProps<'input'>}
                >
                  {(props) => (
                    <Button
                      {...props}
                      loading={uploading}
                      disabled={!canOperate}
                      data-testid="catalog-upload"
                    >
                      {t('compliance.chooseFile')}
                    </Button>
                  )}
                </FileButton>
              </Group>
              {!canOperate && (
                <Text size="xs" c="dimmed">
                  {t('common.readOnly')}
                </Text>
              )}
              <ErrorNotice error={error} />
              {check && (
                <Stack gap={4} data-testid="check-progress">
                  <Group justify="space-between">
                    <Text size="sm" fw={500} truncate maw="70%">
                      {check.fileName}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {check.rowsTotal
                        ? t('compliance.rowsOf', {
                            done: f.number(check.rowsDone),
                            total: f.number(check.rowsTotal),
                          })
                        : t('compliance.rowsDone', { done: f.number(check.rowsDone) })}
                      {' · '}
                      {t(`compliance.status.${check.status}`)}
                    </Text>
                  </Group>
                  <Progress
                    value={check.status === 'done' ? 100 : percent}
                    striped={!!running}
                    animated={!!running && !navigator.webdriver}
                    color={check.status === 'failed' ? 'red' : check.status === 'done' ? 'teal' : 'indigo'}
                    size="lg"
                  />
                </Stack>
              )}
              {check?.status === 'failed' && (
                <Alert color="red" title={t('compliance.failed')}>
                  {check.error ?? ''}
                </Alert>
              )}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <MerchantEligibilityForm policy={policy} />
        </Grid.Col>
      </Grid>
      <CheckHistory list={history} openId={checkId} onOpen={(id) => setParams({ check: id })} />
      {shown && shown.id !== check?.id && (
        <Text size="sm" c="dimmed" data-testid="last-good-note">
          {t('compliance.showingLastGood', { file: shown.fileName, when: f.yourInstant(shown.createdAt) })}
        </Text>
      )}
      {shown && <CheckResults key={shown.id} check={shown} policy={policy} />}
      {!check && !checkId && lookedUp && (
        <Text c="dimmed" ta="center" py="xl" data-testid="compliance-empty">
          {t('compliance.empty')}
        </Text>
      )}
    </Stack>
  );
}
