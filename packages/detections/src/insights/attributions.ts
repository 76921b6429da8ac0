/** The attributes CloudTrail Insights breaks an insight down by. */
export const ATTRIBUTES = ['userIdentityArn', 'userAgent', 'errorCode'] as const
export type InsightAttribute = (typeof ATTRIBUTES)[number]

export interface AttributionValue {
  value: string
  /** Calls per minute with this value over the period. */
  average: number
}

export interface Attribution {
  attribute: InsightAttribute
  insight: AttributionValue[]
  baseline: AttributionValue[]
}

/** How often one attribute value occurred in one period (the insight or its baseline). */
export interface AttributeCount {
  attribute: InsightAttribute
  period: 'insight' | 'baseline'
  value: string | null
  count: number
}

export const TOP_VALUES = 5

/** The top values per minute (most frequent first, ties by value) of one attribute in one period. */
export function topValues(counts: readonly AttributeCount[], minutes: number, top = TOP_VALUES): AttributionValue[] {
  const byValue = new Map<string, number>()
  for (const c of counts) {
    const value = c.value ?? 'null'
    byValue.set(value, (byValue.get(value) ?? 0) + c.count)
  }
  return [...byValue]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([value, count]) => ({ value, average: minutes > 0 ? count / minutes : 0 }))
}

/** Attributions of an insight from its attribute counts, each period's averages over that period's minutes. */
export function attributions(
  counts: readonly AttributeCount[],
  insightMinutes: number,
  baselineMinutes: number,
): Attribution[] {
  return ATTRIBUTES.map((attribute) => {
    const of = (period: AttributeCount['period']) =>
      counts.filter((c) => c.attribute === attribute && c.period === period)
    return {
      attribute,
      insight: topValues(of('insight'), insightMinutes),
      baseline: topValues(of('baseline'), baselineMinutes),
    }
  })
}
