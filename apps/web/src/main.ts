import { schemaView } from './schema-view.js'

const app = document.querySelector<HTMLElement>('#app')
if (app) {
  app.innerHTML = `<h1>Cairn</h1>
<p>CloudTrail analysis that stays in this browser tab. Opening logs and Parquet, SQL and the dashboard are on their way.</p>
${schemaView()}`
}
