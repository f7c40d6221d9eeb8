import type { SVGProps } from 'react';

/** A few line icons drawn for the navigation (24×24, stroke = currentColor). */
function Icon({ children, ...props }: SVGProps<SVGSVGElement>) {
  return (
    <svg
      width={20}
      height={20}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      {...props}
    >
      {children}
    </svg>
  );
}

export const OverviewIcon = () => (
  <Icon>
    <path d="M4 20V10M10 20V4M16 20v-7M21 20H3" />
  </Icon>
);
export const ComplianceIcon = () => (
  <Icon>
    <path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z" />
    <path d="M8.5 12l2.5 2.5 4.5-5" />
  </Icon>
);
export const InventoryIcon = () => (
  <Icon>
    <path d="M3 7l9-4 9 4-9 4z" />
    <path d="M3 7v10l9 4 9-4V7M12 11v10" />
  </Icon>
);
export const PlanningIcon = () => (
  <Icon>
    <path d="M3 20h18M6 16v-5M11 16V8M16 16v-9M20 4l-4 3-5-2-5 5" />
  </Icon>
);
export const OrdersIcon = () => (
  <Icon>
    <path d="M3 6h11v10H3zM14 9h4l3 3v4h-7" />
    <circle cx="7" cy="18" r="2" />
    <circle cx="17" cy="18" r="2" />
  </Icon>
);
export const AlertsIcon = () => (
  <Icon>
    <path d="M6 16V11a6 6 0 0112 0v5l2 2H4z" />
    <path d="M10 20a2 2 0 004 0" />
  </Icon>
);
export const CostIcon = () => (
  <Icon>
    <path d="M4 20h16M6 16v-4M10 16V8M14 16v-6M18 16V5" />
  </Icon>
);
export const SettingsIcon = () => (
  <Icon>
    <circle cx="12" cy="12" r="3" />
    <path d="M12 2v3M12 19v3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M2 12h3M19 12h3M4.9 19.1L7 17M17 7l2.1-2.1" />
  </Icon>
);
export const BridgeIcon = () => (
  <Icon width={28} height={28} strokeWidth={2}>
    <path d="M2 17h20M4 17v-4M20 17v-4M8 17v-5.5M16 17v-5.5M12 17v-6" />
    <path d="M2 13c4-6 16-6 20 0" />
  </Icon>
);
export const ReadinessIcon = () => (
  <Icon>
    <path d="M9 4h6M9 4a1 1 0 0 0-1 1v1h8V5a1 1 0 0 0-1-1M8 5H6a1 1 0 0 0-1 1v14a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V6a1 1 0 0 0-1-1h-2" />
    <path d="M8.5 13l2.5 2.5 4.5-5" />
  </Icon>
);
