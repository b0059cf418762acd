import { formatHours } from '../../../rules/shared/facts.js';
import { Money } from '../../../money.js';
import type { Planter } from './planter.js';

const MIN_HOURS_PER_DAY = 7;

/** Before agreements exist: a key account large enough to need finance's review. */
export function sizeKeyAccounts(planter: Planter): void {
  const { random } = planter.tenant;
  for (let i = 0; i < planter.count(1); i++) {
    const client = planter.client((candidate) => candidate.profile === 'managed' && candidate.seats <= 40);
    if (!client) return;
    client.seats = random.int(75, 90);
    const planted = planter.plant(
      'invoice.high-value',
      client.ref.id,
      [{ type: 'company', id: client.ref.id }],
      `${client.ref.name} is a key account of ${client.seats} seats: its projected total is above the review threshold`,
    );
    planter.tenant.pending.highValue.set(client.ref.id, planted);
  }
}

/** Before time is logged: days a technician leaves short, and a break-fix client that gets busy. */
export function planTime(planter: Planter): void {
  const { tenant } = planter;
  const { random, businessDays, technicians, pending } = tenant;
  for (let i = 0; i < planter.count(2) && businessDays.length > 0; i++) {
    const technician = random.pick(technicians);
    const day = random.pick(businessDays);
    const days = pending.shortDays.get(technician.ref.id) ?? new Map<string, number>();
    if (days.has(day)) continue;
    const quarters = i % 2 === 0 ? 0 : random.int(12, 20);
    days.set(day, quarters);
    pending.shortDays.set(technician.ref.id, days);
    const logged = new Money(quarters).div(4);
    const shortfall = new Money(MIN_HOURS_PER_DAY).minus(logged);
    const note =
      quarters === 0
        ? `${technician.ref.identifier} logged no time on ${day}`
        : `${technician.ref.identifier} logged only ${formatHours(logged)} on ${day}, ${formatHours(shortfall)} short`;
    planter.plant('time.missing', null, [{ type: 'member', id: technician.ref.id }], note);
  }
  for (let i = 0; i < planter.count(1); i++) {
    const client = planter.client(
      (candidate) => candidate.profile === 'breakFix' && !pending.outsideAgreement.has(candidate.ref.id),
    );
    if (!client) return;
    client.budget = random.int(52, 64);
    const planted = planter.plant(
      'time.outside-agreement',
      client.ref.id,
      [],
      `${client.ref.name} has no agreement and logged more than 10 h of billable time this period`,
    );
    pending.outsideAgreement.set(client.ref.id, planted);
  }
}
