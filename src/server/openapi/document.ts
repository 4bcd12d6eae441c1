/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the route table (routes.ts): request
 * bodies and queries from the valibot schemas the handlers validate with, answers from
 * responses.ts. Served at `/api/v1/openapi.json`; reference.ts renders it at `/api/v1/docs`.
 */
import { type JsonSchema, toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";
import { MAX_BODY_BYTES } from "../http/body.ts";
import { ErrorBody } from "./responses.ts";
import { type Answer, OPERATIONS, type Operation } from "./routes.ts";

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a schema's input or output side. */
function jsonSchema(schema: v.GenericSchema, side: "input" | "output"): JsonSchema {
  // Checks across fields (v.check) have no JSON Schema form; their messages say what they need.
  const { $schema: _dialect, ...rest } = toJsonSchema(schema, {
    target: "draft-2020-12",
    typeMode: side,
    errorMode: "ignore",
  });
  return rest;
}

const ERROR_REF = { $ref: "#/components/schemas/Error" };

/** The answers every route of a kind gives, besides those the table names. */
function commonAnswers(operation: Operation): Record<number, Answer> {
  const answers: Record<number, Answer> = {};
  if (operation.body || operation.query) {
    answers[400] = { description: "Invalid input: error.field names the offending field." };
  }
  if (operation.body) {
    answers[413] = { description: `The body is larger than ${MAX_BODY_BYTES} bytes.` };
    answers[415] = { description: "The body is not sent as application/json." };
  }
  if (operation.auth !== "none") {
    answers[401] = { description: "The API key is missing, malformed, unknown or revoked." };
  }
  if (operation.auth === "key") {
    answers[403] = { description: "The object belongs to another company." };
    answers[429] = { description: "Too many requests with this key." };
  }
  return answers;
}

function response({ description, schema }: Answer) {
  return {
    description,
    content: {
      "application/json": { schema: schema ? jsonSchema(schema, "output") : ERROR_REF },
    },
  };
}

function parameters(operation: Operation) {
  const inPath = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const inQuery = Object.entries(operation.query?.entries ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: false,
    schema: jsonSchema(schema, "input"),
  }));
  const headers = operation.idempotent
    ? [
        {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "Repeating a request with the same key replays its answer. Keys are unique per company (the plan's): two companies' requests never share one.",
          schema: { type: "string", minLength: 1, maxLength: 255 },
        },
      ]
    : [];
  return [...inPath, ...inQuery, ...headers];
}

function operationObject(operation: Operation) {
  const answers = { ...commonAnswers(operation), ...operation.answers };
  return {
    summary: operation.summary,
    tags: [operation.auth === "key" ? "Server API" : "Checkout"],
    security: { none: [], key: [{ apiKey: [] }], optional: [{}, { apiKey: [] }] }[operation.auth],
    parameters: parameters(operation),
    ...(operation.body && {
      requestBody: {
        required: true,
        content: { "application/json": { schema: jsonSchema(operation.body, "input") } },
      },
    }),
    responses: Object.fromEntries(
      Object.entries(answers).map(([status, answer]) => [status, response(answer)]),
    ),
  };
}

function buildDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = operationObject(operation);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Checkout platform API",
      version: "1",
      description:
        "Checkout routes are called by the embedded checkout; Server API routes by the merchant's server with its API key.",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer" } },
      schemas: { Error: jsonSchema(ErrorBody, "output") },
    },
    paths,
  };
}

export type OpenApiDocument = ReturnType<typeof buildDocument>;

let built: OpenApiDocument | undefined;

/** The document, built on first use. */
export const openApiDocument = (): OpenApiDocument => {
  built ??= buildDocument();
  return built;
};
