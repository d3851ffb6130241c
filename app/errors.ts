/** An expected refusal of a form or an action: an i18n key, the field it concerns, and the HTTP status to answer with. */
export class PoolError extends Error {
  constructor(
    /** an i18n key */
    public readonly key: string,
    public readonly field = "_form",
  ) {
    super(key);
  }
}
