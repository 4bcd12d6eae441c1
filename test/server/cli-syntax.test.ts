// How the command line names what is wrong (src/server/cli-syntax.ts): the flag or argument
// the user typed, through the same validation as the API.
import { expect, it } from "vitest";
import { run } from "../../src/server/cli.ts";
import { describeEachEngine, freshDatabases } from "../support/engines.ts";

type Json = Record<string, unknown> & { id: string };

describeEachEngine("platform CLI syntax", (engine) => {
  const fresh = freshDatabases(engine);

  it("rejects bad input with the field named, through the same validation as the API", async () => {
    const { store } = await fresh();
    const company = (await run(["company", "create", "--title", "Shop"], store)) as Json;
    await expect(run(["company", "create"], store)).rejects.toThrow("title");
    await expect(run(["company", "set-origins", company.id, "nope"], store)).rejects.toThrow(
      /origins/,
    );
    await expect(
      run(["promo", "create", company.id, "--code", "X", "--percent-off", "ten"], store),
    ).rejects.toThrow("--percent-off must be a number.");
    await run(["company", "create", "--title", "Other"], store);
    expect(
      ((await run(["company", "list"], store)) as Json[]).map((listed) => listed.title),
    ).toEqual(["Shop", "Other"]);
    await expect(run(["key", "create", "biz_Missing"], store)).rejects.toThrow(
      "No company biz_Missing",
    );
    await expect(run(["frobnicate", "now"], store)).rejects.toThrow(
      'Unknown command "frobnicate now"',
    );
    await expect(run(["payments", "list", "--limit", "lots"], store)).rejects.toThrow(
      "--limit must be",
    );
    await expect(run(["webhooks", "list", "--status", "lost"], store)).rejects.toThrow(
      "--status must be",
    );
  });

  it("names the flag or argument the user typed, never the schema's field", async () => {
    const { store } = await fresh();
    const company = (await run(["company", "create", "--title", "Shop"], store)) as Json;
    const product = (await run(
      ["product", "create", company.id, "--title", "Course", "--route", "course"],
      store,
    )) as Json;
    const failure = async (line: string[]) => {
      try {
        await run(line, store);
      } catch (error) {
        const { field, message } = error as { field?: string; message: string };
        return { field, message };
      }
      throw new Error(`${line.join(" ")} did not fail`);
    };
    const plan = ["plan", "create", product.id, "--type", "one_time", "--currency", "usd"];
    expect(await failure([...plan, "--price", "ten"])).toEqual({
      field: "--price",
      message: "--price must be a number.",
    });
    expect(await failure([...plan, "--price", "100", "--trial-days=-1"])).toEqual({
      field: "--trial-days",
      message: "--trial-days must be at least 0.",
    });
    expect(
      await failure(["plan", "create", product.id, "--currency", "usd", "--price", "1"]),
    ).toEqual({
      field: "--type",
      message: '--type must be "one_time" or "renewal".',
    });
    expect(await failure(["promo", "create", company.id, "--code", "X"])).toEqual({
      field: "--percent-off",
      message: "Give exactly one of --percent-off and --amount-off.",
    });
    expect((await failure(["company", "set-redirect", company.id, "ftp://x.example"])).field).toBe(
      "<URL>",
    );
    expect(
      await failure(["product", "create", "biz_Missing", "--title", "T", "--route", "t"]),
    ).toEqual({
      field: "<biz_…>",
      message: "No company biz_Missing exists.",
    });
  });
});
