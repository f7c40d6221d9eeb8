import { Badge, type MantineColor, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AlertState, BoardState, OrderStatus, Severity, Verdict } from '../apiModels';

export const verdictColor: Record<Verdict, MantineColor> = {
  allowed: 'teal',
  needs_invitation: 'yellow',
  blocked: 'red',
  invalid: 'gray',
};

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const { t } = useTranslation();
  return (
    <Badge color={verdictColor[verdict] ?? 'gray'} variant="light" data-testid={`verdict-${verdict}`}>
      {t(`verdicts.${verdict}`)}
    </Badge>
  );
}

/** A program fact ([P9]) with its text on hover. */
export function FactBadge({ fact, text }: { fact: string; text?: string }) {
  const { t } = useTranslation();
  const badge = (
    // It sits beside text in a row that does not wrap: it must not shrink ("P4" read "P").
    <Badge
      variant="outline"
      color="indigo"
      size="sm"
      style={{ cursor: 'help', flexShrink: 0 }}
      data-testid="fact-badge"
    >
      {fact}
    </Badge>
  );
  return (
    <Tooltip
      multiline
      w={340}
      withArrow
      label={
        <>
          <Text size="xs" fw={700}>
            [{fact}] {t('compliance.factSource')}
          </Text>
          <Text size="xs">{text ?? t('compliance.factUnknown')}</Text>
        </>
      }
    >
      {badge}
    </Tooltip>
  );
}

/** Waiting for stock is its own colour: never the green of on time, nor mistaken for late. */
export const dispatchColor: Record<BoardState, MantineColor> = {
  on_time: 'teal',
  at_risk: 'orange',
  late: 'red',
  awaiting_stock: 'grape',
};

export function DispatchBadge({ state }: { state: BoardState }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={dispatchColor[state]}
      variant={state === 'on_time' ? 'light' : 'filled'}
      // Its whole word, never "已…": the queue's wide countdown column would squeeze it otherwise.
      style={{ flexShrink: 0, minWidth: 'max-content' }}
      data-testid={`dispatch-${state}`}
    >
      {t(`dispatch.${state}`)}
    </Badge>
  );
}

const statusColor: Record<OrderStatus, MantineColor> = {
  pending: 'gray',
  reserved: 'blue',
  shipped: 'teal',
  delivered: 'green',
  cancelled: 'dark',
  awaiting_stock: 'grape',
  on_hold: 'yellow',
  parked: 'red',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status] ?? 'gray'} variant="light">
      {t(`orderStatus.${status}`)}
    </Badge>
  );
}

export const severityColor: Record<Severity, MantineColor> = {
  info: 'blue',
  warning: 'orange',
  critical: 'red',
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <Badge color={severityColor[severity] ?? 'gray'} variant="filled">
      {t(`severity.${severity}`)}
    </Badge>
  );
}

export function AlertStateBadge({ state }: { state: AlertState }) {
  const { t } = useTranslation();
  const color = state === 'open' ? 'red' : state === 'acknowledged' ? 'yellow' : 'gray';
  return (
    <Badge color={color} variant="outline">
      {t(`alertState.${state}`)}
    </Badge>
  );
}
