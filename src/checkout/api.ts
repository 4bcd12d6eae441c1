import {
  type ApiErrorBody,
  type ChallengeRequired,
  type EntryRequest,
  type EntryView,
  type PaymentRequest,
  type PaymentResult,
  type PlanView,
  type PublicSession,
  planPath,
  type Quote,
} from "../protocol/index.ts";

/** A failed API call: `code` from the platform, or "network_error" when nothing came back. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
  /** Worth retrying with the same idempotency key: the request may not have been processed. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

async function request<T>(path: string, body?: unknown, headers?: Record<string, string>) {
  let response: Response;
  try {
    response = await fetch(
      path,
      body === undefined
        ? undefined
        : {
            method: "POST",
            headers: { "Content-Type": "application/json", ...headers },
            body: JSON.stringify(body),
          },
    );
  } catch {
    throw new ApiError(0, "network_error", "network");
  }
  const json = (await response.json().catch(() => null)) as (T & Partial<ApiErrorBody>) | null;
  if (response.ok && json) return json as T;
  const error = json?.error;
  throw new ApiError(
    response.status,
    error?.code ?? "server_error",
    error?.message ?? "",
    error?.field,
  );
}

const id = encodeURIComponent;

/** Same URL and credentials mode as the shell's preload, so the browser reuses that response. */
export const fetchPlan = (planId: string) => request<PlanView>(planPath(planId));

export const fetchSession = async (sessionId: string) =>
  (await request<{ session: PublicSession }>(`/api/v1/checkout_sessions/${id(sessionId)}`)).session;

export const fetchQuote = (planId: string, promoCode: string) =>
  request<Quote>(`${planPath(planId)}/quote`, { promo_code: promoCode });

/** 201 with the receipt, or 202 when the card needs a challenge first. */
export const createPayment = (body: PaymentRequest, idempotencyKey: string) =>
  request<PaymentResult | ChallengeRequired>("/api/v1/payments", body, {
    "Idempotency-Key": idempotencyKey,
  });

export const answerChallenge = (
  paymentId: string,
  outcome: "approve" | "fail",
  returnUrl: string | null,
) =>
  request<PaymentResult>(`/api/v1/payments/${id(paymentId)}/challenge`, {
    outcome,
    ...(returnUrl && { return_url: returnUrl }),
  });

export const createEntry = async (body: EntryRequest) =>
  (await request<{ entry: EntryView }>("/api/v1/entries", body)).entry;
