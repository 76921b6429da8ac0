/** Which part of the lake a query or an operation covers. Times are instants; `to` is exclusive. */
export interface LakeFilter {
  partitions?: readonly string[]
  indexes?: readonly string[]
  from?: Date
  to?: Date
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** Whether a `tp_date` folder can hold events inside the filter's time window. */
export function dayInWindow(day: string, filter: LakeFilter): boolean {
  if (filter.from && day < utcDay(filter.from)) return false
  if (filter.to) {
    const lastInstant = new Date(filter.to.getTime() - 1)
    if (day > utcDay(lastInstant)) return false
  }
  return true
}
