import { Hono } from "hono";
import * as v from "valibot";
import {
  addWebhookEndpoint,
  savePlan,
  saveProduct,
  savePromo,
  updateCompany,
  updatePlan,
  updateProduct,
} from "../../catalog.ts";
import { authenticate } from "../../http/auth.ts";
import { owned } from "../../http/guards.ts";
import { readJson } from "../../http/validation.ts";
import type { Store } from "../../store/interface.ts";
import type { CompanyRecord } from "../../store/records.ts";
import {
  deleteEndpoint,
  endpointView,
  endpointWithSecret,
  rotateEndpointSecret,
} from "../../webhooks/endpoints.ts";

/** Any JSON object; the catalog operations validate the fields. */
const AnyObject = v.record(v.string(), v.unknown(), "The body must be a JSON object.");

const companyView = (company: CompanyRecord) => ({ company });

const ownedProduct = owned("product");
const ownedPlan = owned("plan");
const ownedEndpoint = owned("endpoint");

/**
 * Server-to-server catalog and settings routes (Bearer API key): the company's redirect URL
 * and allowed origins, products, plans, promo codes and webhook endpoints.
 */
export function merchantCatalogRoutes(store: Store, webhookTargets: { allowPrivate: boolean }) {
  const app = new Hono();

  app.get("/company", async (c) => c.json(companyView(await authenticate(store, c))));
  app.patch("/company", async (c) => {
    const company = await authenticate(store, c);
    const patch = await readJson(c, AnyObject);
    return c.json(companyView(await updateCompany(store, company.id, patch)));
  });

  app.get("/products", async (c) =>
    c.json({ products: await store.listProducts((await authenticate(store, c)).id) }),
  );
  app.post("/products", async (c) => {
    const company = await authenticate(store, c);
    const body = await readJson(c, AnyObject);
    const { id: _ignored, ...fields } = body;
    return c.json(
      { product: await saveProduct(store, { ...fields, company_id: company.id }) },
      201,
    );
  });
  app.get("/products/:id", async (c) => {
    const company = await authenticate(store, c);
    return c.json({ product: await ownedProduct(store, company, c.req.param("id")) });
  });
  app.patch("/products/:id", async (c) => {
    const company = await authenticate(store, c);
    const product = await ownedProduct(store, company, c.req.param("id"));
    const patch = await readJson(c, AnyObject);
    return c.json({ product: await updateProduct(store, product.id, patch) });
  });

  app.get("/plans", async (c) =>
    c.json({ plans: await store.listPlans((await authenticate(store, c)).id) }),
  );
  app.post("/plans", async (c) => {
    const company = await authenticate(store, c);
    const body = await readJson(c, AnyObject);
    const { id: _ignored, ...fields } = body;
    if (typeof fields.product_id === "string") {
      await ownedProduct(store, company, fields.product_id, "product_id");
    }
    return c.json({ plan: await savePlan(store, fields) }, 201);
  });
  app.patch("/plans/:id", async (c) => {
    const company = await authenticate(store, c);
    const { plan } = await ownedPlan(store, company, c.req.param("id"), "id");
    const patch = await readJson(c, AnyObject);
    return c.json({ plan: await updatePlan(store, plan.id, patch) });
  });

  app.get("/promo_codes", async (c) =>
    c.json({ promo_codes: await store.promos.list((await authenticate(store, c)).id) }),
  );
  app.post("/promo_codes", async (c) => {
    const company = await authenticate(store, c);
    const body = await readJson(c, AnyObject);
    return c.json({ promo_code: await savePromo(store, { ...body, company_id: company.id }) }, 201);
  });

  // Secrets are answered on creation, rotation and reveal only, never in the listing.
  app.get("/webhook_endpoints", async (c) =>
    c.json({
      webhook_endpoints: (
        await store.webhooks.listEndpoints((await authenticate(store, c)).id)
      ).map(endpointView),
    }),
  );
  app.post("/webhook_endpoints", async (c) => {
    const company = await authenticate(store, c);
    const body = await readJson(c, AnyObject);
    const endpoint = await addWebhookEndpoint(store, company.id, body, {
      ...webhookTargets,
      platformOrigin: c.req.url,
    });
    return c.json({ webhook_endpoint: endpointWithSecret(endpoint) }, 201);
  });
  app.get("/webhook_endpoints/:id", async (c) => {
    const company = await authenticate(store, c);
    const endpoint = await ownedEndpoint(store, company, c.req.param("id"));
    return c.json({ webhook_endpoint: endpointView(endpoint) });
  });
  app.post("/webhook_endpoints/:id/reveal_secret", async (c) => {
    const company = await authenticate(store, c);
    const endpoint = await ownedEndpoint(store, company, c.req.param("id"));
    return c.json({ webhook_endpoint: endpointWithSecret(endpoint) });
  });
  app.post("/webhook_endpoints/:id/rotate_secret", async (c) => {
    const company = await authenticate(store, c);
    const endpoint = await ownedEndpoint(store, company, c.req.param("id"));
    return c.json({ webhook_endpoint: await rotateEndpointSecret(store, endpoint.id) });
  });
  app.delete("/webhook_endpoints/:id", async (c) => {
    const company = await authenticate(store, c);
    const endpoint = await ownedEndpoint(store, company, c.req.param("id"));
    return c.json(await deleteEndpoint(store, endpoint.id));
  });

  return app;
}
