import type { AdditionBilling, Ref } from './shapes.js';
import { ref } from './shapes.js';

/** The MSP's fixed ConnectWise setup: types, roles, products, boards, and the words its people use. */

export const MSP = { identifier: 'MSP', name: 'Summit Ridge Technology', domain: 'summitridge.example' } as const;

export const agreementTypes = {
  managed: ref(1, 'Managed Services'),
  block: ref(2, 'Block Time'),
  timeAndMaterials: ref(3, 'Time & Materials'),
  backup: ref(4, 'Backup & Disaster Recovery'),
  security: ref(5, 'Security Services'),
};

export const monthly = ref(1, 'Monthly');

export type BillTime = 'Billable' | 'DoNotBill' | 'NoCharge';

export const workTypes = {
  remote: ref(1, 'Remote Support'),
  onsite: ref(2, 'Onsite Support'),
  project: ref(3, 'Project Work'),
  travel: ref(4, 'Travel'),
  admin: ref(5, 'Admin'),
  training: ref(6, 'Training'),
  pto: ref(7, 'PTO'),
};
export type WorkTypeKey = keyof typeof workTypes;

export const workTypeBilling: Record<WorkTypeKey, BillTime> = {
  remote: 'Billable',
  onsite: 'Billable',
  project: 'Billable',
  travel: 'DoNotBill',
  admin: 'NoCharge',
  training: 'NoCharge',
  pto: 'NoCharge',
};

export interface WorkRole {
  ref: Ref;
  hourlyRate: number;
}

function role(id: number, name: string, hourlyRate: number): WorkRole {
  return { ref: ref(id, name), hourlyRate };
}

export const workRoles = {
  desk: role(1, 'Service Desk Technician', 125),
  systems: role(2, 'Systems Engineer', 150),
  network: role(3, 'Network Engineer', 165),
  project: role(4, 'Project Engineer', 175),
  vcio: role(5, 'Virtual CIO', 195),
};
/** the roles technicians hold, with how common each is */
export const technicianRoles: readonly WorkRole[] = [
  ...Array<WorkRole>(9).fill(workRoles.desk),
  ...Array<WorkRole>(7).fill(workRoles.systems),
  ...Array<WorkRole>(4).fill(workRoles.network),
];

/** Block Time sells hours in advance at a block rate; hours beyond the block bill at the overage rate. */
export const BLOCK_RATE = 140;
export const BLOCK_OVERAGE_RATE = 165;

export interface Product {
  ref: Readonly<{ id: number; identifier: string; description: string }>;
  unitPrice: number;
  /** what one unit costs the MSP: below the price, as the MSP sets its prices */
  unitCost: number;
  billCustomer: AdditionBilling;
}

function product(
  id: number,
  identifier: string,
  description: string,
  [unitPrice, unitCost]: [number, number],
  billCustomer: AdditionBilling = 'Billable',
): Product {
  return { ref: Object.freeze({ id, identifier, description }), unitPrice, unitCost, billCustomer };
}

export const products = {
  m365Premium: product(11, 'M365-BP', 'Microsoft 365 Business Premium', [22, 19.8]),
  m365Standard: product(12, 'M365-BS', 'Microsoft 365 Business Standard', [12.5, 11.25]),
  edr: product(13, 'EDR-ENDPOINT', 'Endpoint detection and response', [6, 3.5]),
  rmm: product(14, 'RMM-AGENT', 'Server monitoring agent', [10, 2.5]),
  documentation: product(15, 'DOC-PLATFORM', 'IT documentation platform', [0, 2], 'NoCharge'),
  managedWorkstation: product(16, 'MANAGED-WS', 'Managed workstation or laptop, per device', [15, 4]),
  // staff enter 999999999 for "unlimited"
  archive: product(17, 'MAIL-ARCHIVE', 'Mailbox archiving, unlimited', [0, 0], 'NoCharge'),
  serverBackup: product(21, 'BACKUP-SERVER', 'Server image backup', [79, 35]),
  m365Backup: product(22, 'BACKUP-M365', 'Microsoft 365 backup', [3, 1.2]),
  awareness: product(31, 'SAT-USER', 'Security awareness training', [2.5, 1]),
  firewall: product(32, 'FW-MGMT', 'Managed firewall', [45, 20]),
};

/** ConnectWise configuration types: the managed ones are billed per device (MANAGED-WS). */
export const configurationTypes = {
  workstation: ref(1, 'Managed Workstation'),
  laptop: ref(2, 'Managed Laptop'),
  server: ref(3, 'Managed Server'),
  switch: ref(4, 'Network Switch'),
  printer: ref(5, 'Printer'),
  unmanagedWorkstation: ref(6, 'Workstation'),
};

export const configurationStatuses = { active: ref(1, 'Active'), inactive: ref(2, 'Inactive') };

/**
 * What counts each mapped product's units (product.md, "Deployed counts"), as config/demo.yaml
 * maps them: devices from ConnectWise configurations, licences from the distributor's export.
 */
export const countedProducts = {
  [products.managedWorkstation.ref.identifier]: {
    configurationTypes: [configurationTypes.workstation.name, configurationTypes.laptop.name],
  },
  [products.m365Premium.ref.identifier]: { item: products.m365Premium.ref.description },
};

/** Licences the distributor sells that no addition is billed by. */
export const unbilledLicences = ['Exchange Online (Plan 1)', 'Microsoft Defender for Business', 'Microsoft 365 E3 (no Teams), annual'];

export const expenseTypes = {
  mileage: ref(1, 'Mileage'),
  parts: ref(2, 'Parts'),
  parking: ref(3, 'Parking'),
};
/** cents per mile */
export const MILEAGE_RATE_CENTS = 67;

export const chargeCodes: Partial<Record<WorkTypeKey, number>> = { admin: 1, training: 2, pto: 3 };

export const APPROVED_STATUSES = ['ApprovedByTierOne', 'ApprovedByTierTwo', 'ReadyToBill'] as const;

export interface BoardStatus {
  ref: Ref;
  closed: boolean;
}

export interface Board {
  ref: Ref;
  statuses: { open: BoardStatus; working: BoardStatus; closed: BoardStatus; others: BoardStatus[] };
  types: Ref[];
}

function status(id: number, name: string, closed = false): BoardStatus {
  return { ref: ref(id, name), closed };
}

export const boards = {
  service: {
    ref: ref(1, 'Service Desk'),
    statuses: {
      open: status(1, 'New'),
      working: status(2, 'In Progress'),
      closed: status(4, 'Closed', true),
      others: [status(3, 'Waiting on Client')],
    },
    types: [ref(1, 'Incident'), ref(2, 'Service Request')],
  },
  projects: {
    ref: ref(2, 'Projects'),
    statuses: { open: status(5, 'New'), working: status(6, 'In Progress'), closed: status(7, 'Closed', true), others: [] },
    types: [ref(3, 'Project Task')],
  },
  exceptions: {
    ref: ref(3, 'Billing Exceptions'),
    statuses: { open: status(8, 'New'), working: status(9, 'In Progress'), closed: status(10, 'Closed', true), others: [] },
    types: [ref(4, 'Billing Exception'), ref(5, 'Invoice Review')],
  },
} satisfies Record<string, Board>;

export const priorities = [
  ref(1, 'Priority 1 - Emergency Response'),
  ref(2, 'Priority 2 - Quick Response'),
  ref(3, 'Priority 3 - Normal Response'),
  ref(4, 'Priority 4 - Schedule Maintenance'),
] as const;
export const NORMAL_PRIORITY = priorities[2];

/** A comma-separated list, as written below. */
const words = (text: string): string[] => text.split(',').map((word) => word.trim());

export const firstNames = words(`
  Alex, Jordan, Taylor, Morgan, Casey, Riley, Jamie, Avery, Quinn, Drew, Sam, Chris, Pat, Robin, Dana, Lee,
  Maria, James, Priya, Wei, Omar, Sofia, Liam, Emma, Noah, Olivia, Ethan, Ava, Lucas, Mia, Mateo, Zoe, Daniel,
  Grace, Nina, Owen, Leah, Marcus, Elena, Tariq
`);
export const lastNames = words(`
  Smith, Johnson, Brown, Garcia, Miller, Davis, Martinez, Lopez, Wilson, Anderson, Thomas, Moore, Jackson,
  Martin, Lee, Perez, Thompson, White, Harris, Clark, Lewis, Walker, Hall, Young, King, Wright, Scott, Green,
  Baker, Adams, Nelson, Carter, Mitchell, Roberts, Turner, Phillips, Campbell, Parker, Evans, Patel
`);
export const companyPrefixes = words(`
  Acme, Globex, Harbor, Pinecrest, Blue Mesa, Riverbend, Copperline, Maple Grove, Northgate, Silver Lake,
  Cedar Point, Granite Peak, Oak Hollow, Bayside, Lakeshore, Ironwood, Sunrise, Westfield, Evergreen,
  Brookstone, Clearwater, Fairview, Highland, Kingsley, Lighthouse, Meridian, Northstar, Parkside, Redwood,
  Stonebridge, Willow Creek, Aspen, Beacon, Crescent, Foxhill, Golden Gate, Hillcrest, Juniper, Keystone,
  Lantern
`);
export const companySectors = words(`
  Dental, Family Medicine, Law Group, Logistics, Accounting, Realty, Manufacturing, Veterinary Clinic,
  Architects, Insurance, Credit Union, Construction, Engineering, Pharmacy, Orthodontics, Wealth Advisors,
  Auto Group, Foods, Hotels, Property Management, Title Company, Chiropractic, Physical Therapy, Marketing,
  Nonprofit
`);
export const regions = words('East, West, North, South, Central, Coastal, Valley, Metro');
export const cities = words(`
  Springfield, Riverside, Franklin, Greenville, Bristol, Clinton, Fairfield, Salem, Madison, Georgetown
`);

export const serviceSummaries = words(`
  User cannot sign in to Outlook, Printer offline in front office, VPN drops every few minutes,
  New hire laptop setup, Shared drive permissions for accounting, Slow Wi-Fi in conference room,
  Phishing email reported by user, Replace failing UPS battery, Line-of-business app update,
  MFA reset for user, Server disk space warning, Firewall firmware update, Scanner to email not working,
  Offboard departing employee, Backup job failed overnight, Teams calls dropping,
  Replace switch in server closet, Quarterly patching window
`);
export const projectSummaries = words(`
  Server migration to Azure, Microsoft 365 tenant migration, Network refresh: switches and access points,
  Windows 11 rollout, File server to SharePoint migration, New office build-out
`);
export const notesByWork: Record<WorkTypeKey, string[]> = {
  remote: words(`
    Reset MFA and verified sign-in with the user, Cleared print queue and reinstalled driver,
    Reviewed backup logs and reran the failed job, Applied pending updates and rebooted after hours,
    Adjusted share permissions and confirmed access, Investigated reported phishing email and blocked sender,
    Extended disk on file server and cleaned temp files, Rebuilt Outlook profile and tested mail flow,
    Updated firewall rules for new vendor VPN, Created accounts and licences for new hire
  `),
  onsite: words(`
    Replaced UPS battery and tested failover, Installed and patched new switch in server closet,
    Set up new hire workstation and peripherals, Surveyed Wi-Fi coverage and moved access point,
    Swapped failed drive in NAS and rebuilt array
  `),
  project: words(`
    Migrated mailboxes batch and validated, Built new virtual servers and joined domain,
    Configured switch stack and VLANs, Imaged laptops and enrolled in Intune,
    Moved department share to SharePoint and fixed links
  `),
  travel: words('Drive to client site, Travel back from client site'),
  admin: words(`
    Team meeting and ticket review, Internal documentation updates, Dispatch and queue triage,
    One-on-one with service manager
  `),
  training: words('Vendor training: Microsoft Intune, Security certification study, Firewall vendor webinar'),
  pto: words('Paid time off'),
};
