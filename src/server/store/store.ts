// Compatibility re-exports; importers move to sqlite.ts/records.ts (and interface.ts for Store).
export type { Store } from "./interface.ts";
export type {
  CompanyRecord,
  PaymentDetails,
  PlanContext,
  PlanRecord,
  ProductRecord,
  SessionRecord,
} from "./records.ts";
export { SqliteStore } from "./sqlite.ts";
