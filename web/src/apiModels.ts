/**
 * The API's shapes under the names the dashboard uses. Every one comes from apiSchema.d.ts, which
 * `npm run api:types` generates from the server's OpenAPI document: a change of a route's schema
 * is a type error here, not a page that reads a field the server no longer sends.
 */
import type { components, operations } from './apiSchema';

type Schemas = components['schemas'];

export type Role = Schemas['Role'];
/** The dashboard's languages, as PATCH /auth/me takes them. */
export type UiLanguage = Schemas['LocaleInput'];
export type User = Schemas['User'];
export type Me = Schemas['Me'];
export type Money = Schemas['Money'];
export type ApiToken = Schemas['ApiToken'];

export type HolidayCalendar = Schemas['HolidayCalendar'];
export type Warehouse = Schemas['Warehouse'];
export type WarehouseZone = Schemas['WarehouseZone'];
export type Storefront = Schemas['Storefront'];

export type PolicySummary = Schemas['PolicySummary'];
export type PolicyDocument = Schemas['PolicyDocument'];
export type Eligibility = Schemas['Eligibility'];

export type Verdict = Schemas['Verdict'];
export type CheckJob = Schemas['CheckJob'];
export type CheckSummary = Schemas['CheckSummary'];
export type CheckResult = Schemas['CheckResult'];
export type Reason = Schemas['Reason'];

export type StockLevel = Schemas['StockLevel'];
export type StockChange = Schemas['StockChange'];
export type PublishedQuantity = Schemas['PublishedQuantity'];
export type Movement = Schemas['Movement'];

export type Order = Schemas['Order'];
export type OrderStatus = Order['status'];
export type RetryResult = Schemas['RetryResult'];
export type Returnable = Schemas['Returnable'];
export type BulkShipResult = Schemas['BulkShipResult'];

export type Board = Schemas['Board'];
export type BoardRow = Schemas['BoardRow'];
/** What a board row shows: its dispatch state, or waiting for stock (never on time). */
export type BoardState = BoardRow['state'];
export type Overview = Schemas['Overview'];

export type RestockLine = Schemas['RestockLine'];
export type HitLine = Schemas['HitLine'];
export type InboundShipment = Schemas['InboundShipment'];
type Answer<O extends keyof operations> = operations[O]['responses'] extends {
  200: { content: { 'application/json': infer T } };
}
  ? T
  : never;
export type RestockPlan = Answer<'planRestock'>;
export type SkuDemand = Answer<'skuDemand'>;
export type SkuClasses = Answer<'skuClasses'>;

export type AlertItem = Schemas['Alert'];
export type AlertState = AlertItem['state'];
export type Severity = AlertItem['severity'];

/** Every member of a string union, in the order the pages list them; a missing one fails to compile. */
const all =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)) =>
    list;

export const verdicts = all<Verdict>()(['allowed', 'needs_invitation', 'blocked', 'invalid']);
export const orderStatuses = all<OrderStatus>()([
  'pending',
  'reserved',
  'shipped',
  'delivered',
  'cancelled',
  'awaiting_stock',
  'on_hold',
  'parked',
]);

export type TikTokConnection = Schemas['TikTokConnection'];
export type TikTokSyncError = Schemas['TikTokSyncError'];
export type TikTokSyncSummary = Schemas['TikTokSyncSummary'];
export type TikTokWarehouseMapping = Schemas['TikTokWarehouseMapping'];
export type TikTokAuthorization = Schemas['TikTokAuthorization'];
export type NotifyChannel = Schemas['NotifyChannel'];
/** What POST /notify/channels takes. */
export type NotifyChannelInput = NonNullable<
  import('./apiSchema').operations['createNotifyChannel']['requestBody']
>['content']['application/json'];
export type NotifyRoute = Schemas['NotifyRoute'];
export type NotifyDelivery = Schemas['NotifyDelivery'];
export type MyNotifyPrefs = Schemas['MyNotifyPrefs'];
export type SmtpSettings = Schemas['SmtpSettings'];
export type SkuCost = Schemas['SkuCost'];
export type RouteCost = SkuCost['routes'][number];
export type CostSkuList = Schemas['CostSkuList'];
export type Readiness = Schemas['Readiness'];
export type ReadinessItem = Schemas['ReadinessItem'];
export type LaunchDocument = Schemas['LaunchDocument'];
export type MerchantProfile = Schemas['MerchantProfile'];
export type InvitationApplication = Schemas['InvitationApplication'];
