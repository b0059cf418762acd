import type { RuleDefinition } from './define.js';
import { additionBelowCost } from './addition/below-cost.js';
import { additionCountDrift } from './addition/count-drift.js';
import { additionDuplicate } from './addition/duplicate.js';
import { additionInconsistent } from './addition/inconsistent.js';
import { agreementAmbiguous } from './agreement/ambiguous.js';
import { agreementMismatch } from './agreement/mismatch.js';
import { agreementOutOfScope } from './agreement/out-of-scope.js';
import { agreementOverage } from './agreement/overage.js';
import { dataInvalid } from './data/invalid.js';
import { expenseDuplicate } from './expense/duplicate.js';
import { expenseLarge } from './expense/large.js';
import { expenseUnlinked } from './expense/unlinked.js';
import { invoiceHighValue } from './invoice/high-value.js';
import { invoiceJump } from './invoice/jump.js';
import { timeBillableMismatch } from './time/billable-mismatch.js';
import { timeClosedTicketNoTime } from './time/closed-ticket-no-time.js';
import { timeMissing } from './time/missing.js';
import { timeNoAgreement } from './time/no-agreement.js';
import { timeNoNotes } from './time/no-notes.js';
import { timeNotesKeyword } from './time/notes-keyword.js';
import { timeOutsideAgreement } from './time/outside-agreement.js';
import { timeOverlap } from './time/overlap.js';
import { timeStale } from './time/stale.js';
import { timeUnapproved } from './time/unapproved.js';
import { timeUnclassified } from './time/unclassified.js';
import { timeZeroRate } from './time/zero-rate.js';

/** Every rule of rules.md, in the order rules.md lists them. */
export const ruleRegistry: readonly RuleDefinition[] = [
  timeMissing,
  timeClosedTicketNoTime,
  timeUnapproved,
  timeUnclassified,
  timeOverlap,
  agreementMismatch,
  agreementOutOfScope,
  agreementOverage,
  timeOutsideAgreement,
  timeNoAgreement,
  timeBillableMismatch,
  timeNoNotes,
  timeZeroRate,
  timeStale,
  agreementAmbiguous,
  expenseUnlinked,
  expenseDuplicate,
  additionDuplicate,
  additionInconsistent,
  invoiceHighValue,
  invoiceJump,
  additionCountDrift,
  additionBelowCost,
  timeNotesKeyword,
  expenseLarge,
  dataInvalid,
] as RuleDefinition[];

const fixes = new Map(ruleRegistry.map((rule) => [rule.id, rule.fix]));

/** How to fix what a rule finds, as tickets and the preview show it once per rule; undefined for a rule no longer known. */
export function fixOf(ruleId: string): string | undefined {
  return fixes.get(ruleId);
}
