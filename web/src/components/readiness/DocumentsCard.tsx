import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  FileInput,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API, api } from '../../api';
import type { LaunchDocument } from '../../apiModels';
import { usePermissions } from '../../auth';
import { useFormat } from '../../format';
import { useActivePolicy } from '../../policyFacts';
import { useResource } from '../../useResource';
import { useSubmit } from '../../useSubmit';
import { modals } from '../confirm';
import { ErrorNotice } from '../ErrorNotice';
import { ScrollTable } from '../ScrollTable';

/** The documents stay valid this long after launch (readinessPlan.ts DOCUMENT_MARGIN_DAYS). */
const MARGIN_DAYS = 30;
const MAX_MB = 10;

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Documents for invitation categories [P6]: the COFEPRIS notice and the affiliation proof, with files. */
export function DocumentsCard({
  launch,
  today,
  onChange,
}: {
  launch: string | null;
  today: string | null;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { canOperate } = usePermissions();
  const { policy } = useActivePolicy();
  const list = useResource<{ items: LaunchDocument[] }>('/documents');
  const [kind, setKind] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [issuedOn, setIssuedOn] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const submit = useSubmit();
  const remove = useSubmit();

  const kinds = policy?.qualifications ?? [];
  const categories = policy?.categories.filter((c) => c.tier === 'invitation') ?? [];
  const kindName = (id: string) => kinds.find((k) => k.id === id)?.name[f.apiLang] ?? id;
  const categoryName = (id: string | null) =>
    id === null
      ? t('readiness.documents.anyCategory')
      : (categories.find((c) => c.id === id)?.name[f.apiLang] ?? id);
  const validUntil = launch ? addDays(launch, MARGIN_DAYS) : null;

  function expiry(d: LaunchDocument) {
    if (!d.expiresOn) return null;
    // Words, not a badge: a badge cuts "Expires before May 1, 2027" short in a narrow cell.
    if (today && d.expiresOn < today)
      return (
        <Text size="xs" fw={600} c="red.7">
          {t('readiness.documents.expired')}
        </Text>
      );
    if (validUntil && d.expiresOn < validUntil)
      return (
        <Text size="xs" fw={600} c="orange.8" data-testid="document-expiring">
          {t('readiness.documents.expiresSoon', { date: f.date(validUntil) })}
        </Text>
      );
    return null;
  }

  function upload(event: FormEvent) {
    event.preventDefault();
    void submit.run(async () => {
      const form = new FormData();
      // Fields before the file: the server reads them as the upload streams in.
      form.set('kind', kind ?? '');
      if (category) form.set('category', category);
      form.set('issuedOn', issuedOn);
      if (expiresOn) form.set('expiresOn', expiresOn);
      form.set('lang', f.apiLang);
      if (file) form.set('file', file);
      await api.post('/documents', form);
      setFile(null);
      list.reload();
      onChange();
    });
  }

  async function drop(d: LaunchDocument) {
    if (!(await modals.confirm(t('readiness.documents.removeConfirm', { name: d.fileName })))) return;
    void remove.run(async () => {
      await api.delete(`/documents/${encodeURIComponent(d.id)}`);
      list.reload();
      onChange();
    });
  }

  const rows = list.data?.items ?? [];
  return (
    <Card withBorder padding="md" id="documents" data-testid="documents">
      <Stack gap="sm">
        <Title order={4}>{t('readiness.documents.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('readiness.documents.description', { days: MARGIN_DAYS })}
        </Text>
        {rows.length === 0 ? (
          <Text size="sm" data-testid="documents-empty">
            {t('readiness.documents.none')}
          </Text>
        ) : (
          <ScrollTable
            minWidth={760}
            data-testid="documents-list"
            head={
              <>
                <Table.Th>{t('readiness.documents.kind')}</Table.Th>
                <Table.Th>{t('readiness.documents.category')}</Table.Th>
                <Table.Th>{t('readiness.documents.issuedOn')}</Table.Th>
                <Table.Th>{t('readiness.documents.expiresOn')}</Table.Th>
                <Table.Th>{t('readiness.documents.file')}</Table.Th>
                <Table.Th />
              </>
            }
          >
            {rows.map((d) => (
              <Table.Tr key={d.id} data-testid="document-row">
                <Table.Td>{kindName(d.kind)}</Table.Td>
                <Table.Td>{categoryName(d.category)}</Table.Td>
                <Table.Td>{f.date(d.issuedOn)}</Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <Text size="sm">
                      {d.expiresOn ? f.date(d.expiresOn) : t('readiness.documents.noExpiry')}
                    </Text>
                    {expiry(d)}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Anchor href={`${API}/documents/${encodeURIComponent(d.id)}/file`} size="sm" download>
                    {d.fileName}
                  </Anchor>{' '}
                  <Text span size="xs" c="dimmed">
                    ({f.number(Math.ceil(d.sizeBytes / 1024))} KB)
                  </Text>
                </Table.Td>
                <Table.Td>
                  {canOperate && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('readiness.documents.remove')}
                      onClick={() => void drop(d)}
                    >
                      ×
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </ScrollTable>
        )}
        {canOperate && (
          <form onSubmit={upload}>
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Select
                label={t('readiness.documents.kind')}
                data={kinds.map((k) => ({ value: k.id, label: k.name[f.apiLang] }))}
                value={kind}
                onChange={setKind}
                w={300}
                data-testid="document-kind"
              />
              <Select
                label={t('readiness.documents.category')}
                data={categories.map((c) => ({ value: c.id, label: c.name[f.apiLang] }))}
                value={category}
                onChange={setCategory}
                placeholder={t('readiness.documents.anyCategory')}
                clearable
                w={220}
              />
              <TextInput
                type="date"
                label={t('readiness.documents.issuedOn')}
                value={issuedOn}
                onChange={(e) => setIssuedOn(e.currentTarget.value)}
                data-testid="document-issued"
              />
              <TextInput
                type="date"
                label={t('readiness.documents.expiresOn')}
                value={expiresOn}
                onChange={(e) => setExpiresOn(e.currentTarget.value)}
                data-testid="document-expires"
              />
              <FileInput
                label={t('readiness.documents.file')}
                description={t('readiness.documents.maxSize', { mb: MAX_MB })}
                value={file}
                onChange={setFile}
                w={240}
                data-testid="document-file"
              />
              <Button
                type="submit"
                loading={submit.busy}
                disabled={!kind || !file || !issuedOn}
                data-testid="document-upload"
              >
                {t('readiness.documents.upload')}
              </Button>
            </Group>
          </form>
        )}
        <ErrorNotice error={submit.error ?? remove.error ?? list.error} />
      </Stack>
    </Card>
  );
}
