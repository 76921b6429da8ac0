/** A Sigma rule (or a part of it) that Cairn cannot turn into SQL with Sigma's meaning; `message` says why. */
export class NotTranslatable extends Error {}
