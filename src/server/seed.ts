import type * as v from "valibot";
import { type PlanSchema, saveCompany, savePlan, saveProduct, savePromo } from "./catalog.ts";
import type { Store } from "./store/interface.ts";

/** Fixed ids of the demo catalog, so the demo pages and tests can name them. */
export const DEMO = {
  company: "biz_DemoCompany01",
  product: "prod_DemoWhop0001",
  oneTimePlan: "plan_DemoOneTime01",
  monthlyPlan: "plan_DemoMonthly01",
  session: "ch_DemoSession0001",
  /** The checkout's showcase plans, one per kind the platform can describe. */
  trialPlan: "plan_DemoTrial0001",
  introPlan: "plan_DemoIntro0001",
  waitlistPlan: "plan_DemoWaitlist1",
  rafflePlan: "plan_DemoRaffle001",
  /** A plan on sale that asks the buyer questions (custom fields) at payment. */
  coachingPlan: "plan_DemoCoaching1",
  soldOutPlan: "plan_DemoSoldOut01",
  lowStockPlan: "plan_DemoLowStock1",
  archivedPlan: "plan_DemoArchived1",
  yenPlan: "plan_DemoYen00001",
  dinarPlan: "plan_DemoDinar0001",
  /** 20% off every demo plan. */
  promoLaunch: "LAUNCH20",
  /** $10 off any USD plan. */
  promoTenOff: "SAVE10",
  /** Expired, to show the error. */
  promoExpired: "EXPIRED",
} as const;

type DemoPlan = Omit<v.InferInput<typeof PlanSchema>, "product_id">;

/** A one-time USD plan of the demo product; every other field has PlanSchema's default. */
const plan = (
  fields: Partial<DemoPlan> & Pick<DemoPlan, "id" | "description" | "initial_price">,
) => ({
  product_id: DEMO.product,
  plan_type: "one_time",
  base_currency: "usd",
  ...fields,
});

/** One plan for each kind of sale the checkout shows, so the demo and tests can name them. */
const SHOWCASE_PLANS = [
  plan({
    id: DEMO.trialPlan,
    description: "Annual membership with a free week",
    plan_type: "renewal",
    initial_price: 19900,
    renewal_price: 19900,
    billing_period: 365,
    trial_period_days: 7,
  }),
  plan({
    id: DEMO.introPlan,
    description: "First month at an intro price",
    plan_type: "renewal",
    initial_price: 500,
    renewal_price: 2000,
    billing_period: 30,
  }),
  plan({
    id: DEMO.waitlistPlan,
    description: "Mentorship cohort (waitlist)",
    release_method: "waitlist",
    initial_price: 50000,
    custom_fields: [
      {
        id: "discord",
        field_type: "text",
        name: "Discord username",
        placeholder: "trader#1234",
        required: true,
        order: 1,
      },
      {
        id: "goal",
        field_type: "text",
        name: "What do you want to learn?",
        placeholder: "Options, risk management…",
        required: false,
        order: 2,
      },
    ],
  }),
  plan({
    id: DEMO.rafflePlan,
    description: "Limited drop (raffle)",
    release_method: "raffle",
    initial_price: 9900,
    unlimited_stock: false,
    stock: 25,
    custom_fields: [
      {
        id: "size",
        field_type: "text",
        name: "Hoodie size",
        placeholder: "S, M, L or XL",
        required: true,
        order: 1,
      },
    ],
  }),
  plan({
    id: DEMO.coachingPlan,
    description: "One-on-one coaching call",
    initial_price: 15000,
    custom_fields: [
      {
        id: "discord",
        field_type: "text",
        name: "Discord username",
        placeholder: "trader#1234",
        required: true,
        order: 1,
      },
      {
        id: "topic",
        field_type: "text",
        name: "What should the call cover?",
        placeholder: "Position sizing, options…",
        required: false,
        order: 2,
      },
    ],
  }),
  plan({
    id: DEMO.soldOutPlan,
    description: "Founding member seat",
    initial_price: 29900,
    unlimited_stock: false,
    stock: 0,
  }),
  plan({
    id: DEMO.lowStockPlan,
    description: "Live workshop seat",
    initial_price: 7900,
    unlimited_stock: false,
    stock: 8,
    expiration_days: 30,
  }),
  plan({
    id: DEMO.archivedPlan,
    description: "2024 pass",
    visibility: "archived",
    initial_price: 100,
  }),
  plan({
    id: DEMO.yenPlan,
    description: "Lifetime access (JPY)",
    base_currency: "jpy",
    initial_price: 4900,
  }),
  plan({
    id: DEMO.dinarPlan,
    description: "Lifetime access (KWD)",
    base_currency: "kwd",
    initial_price: 15250,
  }),
];

/**
 * Creates the demo catalog, or brings it up to date with the current demo origin (ports are
 * configurable, and the redirect and framing settings must follow them). Idempotent. It goes
 * through the same validated operations as the CLI and the server API.
 */
export async function seedDemo(
  store: Store,
  demoOrigin: string,
  extraOrigins: string[] = [],
): Promise<void> {
  await store.transaction(async (tx) => {
    await saveCompany(tx, {
      id: DEMO.company,
      title: "Acme Creators",
      redirect_url: `${demoOrigin}/thank-you.html?from=company`,
      allowed_origins: [demoOrigin, ...extraOrigins],
    });
    await saveProduct(tx, {
      id: DEMO.product,
      company_id: DEMO.company,
      title: "Pro Trading Community",
      headline: "Daily market breakdowns and a members-only chat",
      description: "Live sessions, trade journals and a friendly community of 4,000 traders.",
      logo_url: null,
      route: "pro-trading",
      redirect_url: `${demoOrigin}/thank-you.html`,
      terms_url: `${demoOrigin}/terms.html`,
      visibility: "visible",
    });
    await savePlan(
      tx,
      plan({ id: DEMO.oneTimePlan, description: "Lifetime access", initial_price: 4900 }),
    );
    await savePlan(
      tx,
      plan({
        id: DEMO.monthlyPlan,
        description: "Monthly membership",
        plan_type: "renewal",
        initial_price: 2000,
        renewal_price: 2000,
        billing_period: 30,
      }),
    );
    for (const showcase of SHOWCASE_PLANS) await savePlan(tx, showcase);
    const promo = { company_id: DEMO.company, plan_ids: [], max_redemptions: null };
    await savePromo(tx, {
      ...promo,
      code: DEMO.promoLaunch,
      percent_off: 20,
      amount_off: null,
      currency: null,
      expires_at: null,
    });
    await savePromo(tx, {
      ...promo,
      code: DEMO.promoTenOff,
      percent_off: null,
      amount_off: 1000,
      currency: "usd",
      expires_at: null,
    });
    await savePromo(tx, {
      ...promo,
      code: DEMO.promoExpired,
      percent_off: 50,
      amount_off: null,
      currency: null,
      expires_at: "2020-01-01T00:00:00.000Z",
    });
    if (!(await tx.getSession(DEMO.session))) {
      await tx.createSession({
        id: DEMO.session,
        plan_id: DEMO.oneTimePlan,
        metadata: { source: "demo", campaign: "full-example" },
        expires_at: "2099-01-01T00:00:00.000Z",
      });
    }
  });
}
