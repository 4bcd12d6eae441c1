import type { ApiErrorBody, PaymentRequest, PaymentResult, PlanView } from "../protocol.ts";

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

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(
      0,
      "network_error",
      "We couldn't reach the checkout server. Check your connection and try again.",
    );
  }
  const body = (await response.json().catch(() => null)) as (T & Partial<ApiErrorBody>) | null;
  if (response.ok && body) return body;
  const error = body?.error;
  throw new ApiError(
    response.status,
    error?.code ?? "server_error",
    error?.message ?? "Something went wrong on our side. Try again in a moment.",
    error?.field,
  );
}

/** Same URL and credentials mode as the shell's preload, so the browser reuses that response. */
export const fetchPlan = (planId: string) =>
  request<PlanView>(`/api/v1/plans/${encodeURIComponent(planId)}`);

export const createPayment = (body: PaymentRequest, idempotencyKey: string) =>
  request<PaymentResult>("/api/v1/payments", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey },
    body: JSON.stringify(body),
  });
