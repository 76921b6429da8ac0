import { sql, StandardSQL } from '@codemirror/lang-sql'
import { columns, TABLE_NAME } from '@cairn/schema'
import { basicSetup, EditorView } from 'codemirror'
import { keymap } from '@codemirror/view'
import { Prec } from '@codemirror/state'

/** The SQL editor: highlighting, completion of the table and its columns, Ctrl/Cmd+Enter runs. */
export function createSqlEditor(parent: HTMLElement, initial: string, run: () => void): EditorView {
  const language = sql({
    dialect: StandardSQL,
    schema: { [TABLE_NAME]: columns.map((c) => c.name) },
    defaultTable: TABLE_NAME,
  })
  return new EditorView({
    parent,
    doc: initial,
    extensions: [
      Prec.highest(
        keymap.of([
          {
            key: 'Mod-Enter',
            run: () => {
              run()
              return true
            },
          },
        ]),
      ),
      basicSetup,
      language,
      EditorView.contentAttributes.of({ 'aria-label': 'SQL query (Ctrl+Enter or Cmd+Enter runs it)' }),
    ],
  })
}
