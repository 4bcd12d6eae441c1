import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../../src/checkout/api.ts";
import { formFieldOf, knownMessage, problemOf } from "../../../src/checkout/errors.ts";
import { useEnglish } from "./setup.ts";

beforeAll(useEnglish);

describe("error messages for the buyer", () => {
  it("has its own sentence for the codes a buyer can act on", () => {
    expect(problemOf(new ApiError(402, "insufficient_funds", "x")).message).toBe(
      "Your card has insufficient funds. Try another card.",
    );
    expect(problemOf(new ApiError(422, "sold_out", "x")).message).toBe(
      "Every spot for this plan has been taken.",
    );
    expect(problemOf(new ApiError(410, "session_expired", "x")).message).toBe(
      "This checkout link has expired. Ask the seller for a new one.",
    );
    expect(knownMessage(new ApiError(422, "promo_expired", "x"))).toBe("promoOld");
  });

  it("treats a failed fetch, a rate limit and a server error as worth retrying", () => {
    const network = problemOf(new TypeError("Failed to fetch"));
    expect(network).toEqual({
      code: "network_error",
      message: "We couldn't reach the checkout server. Check your connection and try again.",
      retryable: true,
    });
    expect(problemOf(new ApiError(429, "too_many", "Slow down"))).toMatchObject({
      message: "Too many attempts. Wait a minute, then try again.",
      retryable: true,
    });
    expect(problemOf(new ApiError(503, "server_error", "stack trace"))).toMatchObject({
      message: "Something went wrong on our side. Your details are kept — try again.",
      retryable: true,
    });
  });

  it("shows the platform's own sentence for other refusals, or the caller's fallback", () => {
    const invalid = new ApiError(400, "invalid_request", "email is too long.");
    expect(problemOf(invalid)).toEqual({
      code: "invalid_request",
      message: "email is too long.",
      retryable: false,
    });
    expect(problemOf(invalid, "promoBad").message).toMatch(/isn't valid/);
    expect(problemOf(new ApiError(400, "invalid_request", "")).message).toMatch(/our side/);
  });

  it("maps an API error's field to the form field that shows it", () => {
    expect(formFieldOf("card.exp_year")).toBe("expiry");
    expect(formFieldOf("card.number")).toBe("cardNumber");
    expect(formFieldOf("custom_fields.discord")).toBe("cf_discord");
    expect(formFieldOf("Idempotency-Key")).toBeNull();
    expect(formFieldOf()).toBeNull();
  });

  it.each(["constructor", "toString", "valueOf", "__proto__", "hasOwnProperty"])(
    "treats the code or field %s as unknown, not as an Object.prototype member",
    (name) => {
      const error = new ApiError(400, name, "Refused.");
      expect(knownMessage(error)).toBeNull();
      expect(problemOf(error)).toEqual({ code: name, message: "Refused.", retryable: false });
      expect(formFieldOf(name)).toBeNull();
    },
  );
});
