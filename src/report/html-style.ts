import { SafeHtml } from '../html.js';

/** The preview's inline stylesheet: readable on screen, compact on paper. */
export const PREVIEW_STYLE = new SafeHtml(`
body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2933; max-width: 66rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 0 0 .25rem; }
h3 { font-size: .95rem; margin: 1rem 0 .25rem; }
a { color: #1d4ed8; }
.muted { color: #616e7c; }
header { border-bottom: 2px solid #1f2933; padding-bottom: 1rem; }
.at-risk { font-size: 1.5rem; font-weight: 700; margin: .75rem 0 0; }
.at-risk .muted { font-size: .95rem; font-weight: 400; }
section { border-bottom: 1px solid #cbd2d9; padding: 1rem 0; }
.part { border-bottom: 2px solid #1f2933; }
dl { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem; margin: .75rem 0 0; }
dt { color: #616e7c; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #e4e7eb; }
th { font-size: .8rem; color: #616e7c; font-weight: 600; }
.number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.records { white-space: nowrap; }
.severity { font-size: .75rem; font-weight: 700; text-transform: uppercase; white-space: nowrap; }
.error { color: #b42318; }
.warning { color: #b54708; }
.info { color: #475467; }
.changed { color: #b54708; }
.ticket { font-size: .9rem; font-weight: 400; margin-left: .5rem; }
.fix { margin: 0 0 .35rem; }
@media print {
  body { max-width: none; margin: 0; font-size: 11px; }
  a { color: inherit; }
  tr, h2, h3 { break-inside: avoid; }
  h2, h3 { break-after: avoid-page; }
}
`);
