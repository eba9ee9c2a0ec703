export enum VendorKind {
  THINK_TANK = 'THINK_TANK',
  CONSULTANCY = 'CONSULTANCY',
  IT_VENDOR = 'IT_VENDOR',
  TELECOM = 'TELECOM',
  LOCAL_FIRM = 'LOCAL_FIRM',
  REGIONAL_BANK = 'REGIONAL_BANK',
  OTHER = 'OTHER',
}

export enum VendorStatus {
  /** Registered by itself; cannot bid until the secretariat approves it. */
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  SUSPENDED = 'SUSPENDED',
}

export enum VendorApplicationStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  WITHDRAWN = 'WITHDRAWN',
}
