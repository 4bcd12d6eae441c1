// negotiator 1.x: the part this code uses (its `preferred` option is newer than @types/negotiator).
declare module "negotiator" {
  export default class Negotiator {
    constructor(request: { headers: Record<string, string | undefined> });
    /** The best of `available` by the request's q-values; ties go to the earliest in `preferred`. */
    encoding(
      available: readonly string[],
      options?: { preferred?: readonly string[] },
    ): string | undefined;
  }
}
