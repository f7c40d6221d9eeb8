import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BoardState } from '../apiModels';
import { formatCountdown } from '../format';
import { usePassed, useSecondClock } from '../useNow';

/**
 * Time left until ship-by, ticking every second. `skewMs` is the server's clock minus this
 * browser's, so a wrong laptop clock does not move deadlines.
 */
export function Countdown({ shipBy, state, skewMs }: { shipBy: string; state: BoardState; skewMs: number }) {
  const { t } = useTranslation();
  const now = useSecondClock() + skewMs;
  const left = Date.parse(shipBy) - now;
  const color =
    left < 0 || state === 'late'
      ? 'red.7'
      : state === 'at_risk'
        ? 'orange.7'
        : state === 'awaiting_stock'
          ? 'grape.8'
          : undefined;
  return (
    <Text
      component="span"
      ff="monospace"
      fw={600}
      c={color}
      style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
      data-testid="countdown"
      title={left < 0 ? t('dispatch.overdue') : t('dispatch.timeLeft')}
    >
      {left < 0
        ? t('dispatch.overdueBy', { time: formatCountdown(-left, t('dispatch.dayUnit')) })
        : formatCountdown(left, t('dispatch.dayUnit'))}
    </Text>
  );
}

/**
 * The state shown: a deadline that has passed since the board was read is late. An order waiting
 * for stock stays waiting (its countdown turns red once its platform deadline has passed). The row
 * re-renders when its deadline passes, not with every tick of the clock.
 */
export function useLiveState(dueAt: string, state: BoardState, skewMs: number): BoardState {
  const passed = usePassed(Date.parse(dueAt) - skewMs);
  if (state === 'awaiting_stock') return state;
  return passed ? 'late' : state;
}
