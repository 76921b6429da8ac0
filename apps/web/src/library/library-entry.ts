/** One query of the library, runnable with one click. */
export interface LibraryEntry {
  id: string
  title: string
  group: 'Example queries' | 'Detections'
  sql: string
  detail?: string
}
