/**
 * Every `/api/v1` route with the schemas its handler validates with and the answers it gives:
 * the source of the OpenAPI document (document.ts). test/server/openapi/document.test.ts
 * checks that it lists exactly the routes the app serves and that real answers match it.
 * One table on purpose, longer than our usual file: a route is found by reading down it.
 */
import * as v from "valibot";
import {
  CompanySchema,
  PlanFields,
  ProductSchema,
  PromoFields,
  WebhookEndpointSchema,
} from "../catalog.ts";
import { ChallengeSchema, PaymentSchema } from "../payments/schema.ts";
import { EntrySchema } from "../routes/buyer/entries.ts";
import { QuoteSchema } from "../routes/buyer/plans.ts";
import { ListQuery, SessionSchema } from "../routes/merchant/commerce.ts";
import {
  Answers,
  ChallengeRequired,
  Declined,
  EntryAnswer,
  PaymentResult,
  PlanView,
  Quote,
  SessionAnswer,
} from "./responses.ts";

export interface Answer {
  description: string;
  /** The JSON body; errors without one use the `{error}` body. */
  schema?: v.GenericSchema;
}

export interface Operation {
  method: "get" | "post" | "patch" | "delete";
  /** OpenAPI style: `{id}` for a path parameter. */
  path: string;
  summary: string;
  /** `key`: Bearer API key required; `optional`: a key widens the answer. */
  auth: "none" | "key" | "optional";
  body?: v.GenericSchema;
  query?: v.ObjectSchema<v.ObjectEntries, undefined>;
  /** Takes an `Idempotency-Key` header. */
  idempotent?: boolean;
  answers: Record<number, Answer>;
}

const error = (description: string): Answer => ({ description });
const ok = (description: string, schema: v.GenericSchema): Answer => ({ description, schema });

const notFound = error("No such object.");

// Catalog bodies omit what the server fills in: the id, and the owner the key names.
export const OPERATIONS: Operation[] = [
  // Buyer routes: what the checkout calls from the browser.
  {
    method: "get",
    path: "/plans/{id}",
    summary: "A plan with its product and company, as the buyer sees them",
    auth: "none",
    answers: {
      200: ok("The plan.", PlanView),
      400: error("The id is not a plan id."),
      404: error("No such plan."),
    },
  },
  {
    method: "post",
    path: "/plans/{id}/quote",
    summary: "The price after a promo code",
    auth: "none",
    body: QuoteSchema,
    answers: {
      200: ok("The quote.", Quote),
      404: error("No such plan or promo code."),
      422: error("The promo code has expired, is used up or is not for this plan."),
      429: error("Too many failed quotes from this address."),
    },
  },
  {
    method: "post",
    path: "/payments",
    summary: "Pay for a plan with a test card",
    auth: "none",
    body: PaymentSchema,
    idempotent: true,
    answers: {
      201: ok("Paid: the payment, its receipt and where to send the buyer.", PaymentResult),
      202: ok(
        "The card asks for a challenge; settle it with /payments/{id}/challenge.",
        ChallengeRequired,
      ),
      402: ok("The card was declined.", Declined),
      404: error("No such plan or checkout session."),
      409: error("The Idempotency-Key was used with another body."),
      410: error("The checkout session has expired."),
      422: error("Sold out, not for sale, or the promo code cannot be used."),
      429: error("Too many failed payments from this address or for this plan."),
    },
  },
  {
    method: "post",
    path: "/payments/{id}/challenge",
    summary: "Settle a payment's card challenge",
    auth: "none",
    body: ChallengeSchema,
    answers: {
      201: ok("Approved: answered like a payment.", PaymentResult),
      402: ok("Failed: the card was declined.", Declined),
      404: error("No such payment."),
      409: error("The payment has no challenge, or it was settled the other way."),
      410: error("The challenge has expired."),
      422: error("Sold out or the promo code was used up meanwhile."),
    },
  },
  {
    method: "post",
    path: "/entries",
    summary: "Join a waitlist or enter a raffle",
    auth: "none",
    body: EntrySchema,
    answers: {
      200: ok("This email had already entered: the existing entry.", EntryAnswer),
      201: ok("Entered.", EntryAnswer),
      404: error("No such plan or checkout session."),
      422: error("The plan is sold directly."),
    },
  },
  {
    method: "get",
    path: "/checkout_sessions/{id}",
    summary: "A checkout session (with the owner's key: metadata and redirect URL too)",
    auth: "optional",
    answers: {
      200: ok("The session.", SessionAnswer),
      400: error("The id is not a checkout session id."),
      404: notFound,
      410: error("The session has expired (answered only without a key)."),
    },
  },
  // Server API: the merchant's server, with its API key.
  {
    method: "post",
    path: "/checkout_sessions",
    summary: "Open a checkout session with metadata and a redirect URL",
    auth: "key",
    body: SessionSchema,
    answers: { 201: ok("The session.", SessionAnswer), 404: notFound },
  },
  {
    method: "get",
    path: "/payments",
    summary: "The company's payments, newest first",
    auth: "key",
    query: ListQuery,
    answers: { 200: ok("The payments.", Answers.payments), 404: notFound },
  },
  {
    method: "get",
    path: "/payments/{id}",
    summary: "One payment",
    auth: "key",
    answers: { 200: ok("The payment.", Answers.payment), 404: notFound },
  },
  {
    method: "get",
    path: "/receipts/{id}",
    summary: "A receipt and its payment",
    auth: "key",
    answers: { 200: ok("The receipt.", Answers.receipt), 404: notFound },
  },
  {
    method: "get",
    path: "/memberships",
    summary: "What buyers have access to",
    auth: "key",
    query: ListQuery,
    answers: { 200: ok("The memberships.", Answers.memberships), 404: notFound },
  },
  {
    method: "get",
    path: "/entries",
    summary: "A waitlist or raffle plan's entries (plan_id is required)",
    auth: "key",
    query: ListQuery,
    answers: { 200: ok("The entries.", Answers.entries), 404: notFound },
  },
  {
    method: "get",
    path: "/company",
    summary: "The company of the key",
    auth: "key",
    answers: { 200: ok("The company.", Answers.company) },
  },
  {
    method: "patch",
    path: "/company",
    summary: "Change the title, redirect URL or allowed origins",
    auth: "key",
    body: v.partial(v.omit(CompanySchema, ["id"])),
    answers: { 200: ok("The company.", Answers.company) },
  },
  {
    method: "get",
    path: "/products",
    summary: "The company's products",
    auth: "key",
    answers: { 200: ok("The products.", Answers.products) },
  },
  {
    method: "post",
    path: "/products",
    summary: "Create a product",
    auth: "key",
    body: v.omit(ProductSchema, ["id", "company_id"]),
    answers: {
      201: ok("The product.", Answers.product),
      409: error("Another product uses this route."),
    },
  },
  {
    method: "get",
    path: "/products/{id}",
    summary: "One product",
    auth: "key",
    answers: { 200: ok("The product.", Answers.product), 404: notFound },
  },
  {
    method: "patch",
    path: "/products/{id}",
    summary: "Change a product",
    auth: "key",
    body: v.partial(v.omit(ProductSchema, ["id", "company_id"])),
    answers: {
      200: ok("The product.", Answers.product),
      404: notFound,
      409: error("Another product uses this route."),
    },
  },
  {
    method: "get",
    path: "/plans",
    summary: "The company's plans",
    auth: "key",
    answers: { 200: ok("The plans.", Answers.plans) },
  },
  {
    method: "post",
    path: "/plans",
    summary: "Create a plan of one of the company's products",
    auth: "key",
    body: v.omit(PlanFields, ["id"]),
    answers: { 201: ok("The plan.", Answers.plan), 404: notFound },
  },
  {
    method: "patch",
    path: "/plans/{id}",
    summary: "Change a plan",
    auth: "key",
    body: v.partial(v.omit(PlanFields, ["id", "product_id"])),
    answers: { 200: ok("The plan.", Answers.plan), 404: notFound },
  },
  {
    method: "get",
    path: "/promo_codes",
    summary: "The company's promo codes",
    auth: "key",
    answers: { 200: ok("The promo codes.", Answers.promos) },
  },
  {
    method: "post",
    path: "/promo_codes",
    summary: "Create a promo code: percent_off, or amount_off with currency",
    auth: "key",
    body: v.omit(PromoFields, ["company_id"]),
    answers: { 201: ok("The promo code.", Answers.promo), 404: notFound },
  },
  {
    method: "get",
    path: "/webhook_endpoints",
    summary: "The company's webhook endpoints, without their signing secrets",
    auth: "key",
    answers: { 200: ok("The endpoints.", Answers.endpoints) },
  },
  {
    method: "post",
    path: "/webhook_endpoints",
    summary: "Add a webhook endpoint; the answer carries its signing secret",
    auth: "key",
    body: WebhookEndpointSchema,
    answers: { 201: ok("The endpoint.", Answers.endpointWithSecret) },
  },
  {
    method: "get",
    path: "/webhook_endpoints/{id}",
    summary: "A webhook endpoint, without its signing secret",
    auth: "key",
    answers: { 200: ok("The endpoint.", Answers.endpoint), 404: notFound },
  },
  {
    method: "post",
    path: "/webhook_endpoints/{id}/reveal_secret",
    summary: "A webhook endpoint with its current signing secret",
    auth: "key",
    answers: {
      200: ok("The endpoint.", Answers.endpointWithSecret),
      404: notFound,
    },
  },
  {
    method: "post",
    path: "/webhook_endpoints/{id}/rotate_secret",
    summary: "A new signing secret; the previous one also signs deliveries for 24 hours",
    auth: "key",
    answers: {
      200: ok("The endpoint with its new secret.", Answers.endpointWithSecret),
      404: notFound,
    },
  },
  {
    method: "delete",
    path: "/webhook_endpoints/{id}",
    summary: "Delete a webhook endpoint and its deliveries",
    auth: "key",
    answers: { 200: ok("Deleted.", Answers.endpointDeleted), 404: notFound },
  },
  {
    method: "get",
    path: "/webhook_deliveries",
    summary: "The outbox: deliveries and their attempts",
    auth: "key",
    answers: { 200: ok("The deliveries.", Answers.deliveries) },
  },
  {
    method: "post",
    path: "/webhook_deliveries/{id}/replay",
    summary: "Queue a delivery again now",
    auth: "key",
    answers: { 200: ok("The delivery.", Answers.delivery), 404: notFound },
  },
];
