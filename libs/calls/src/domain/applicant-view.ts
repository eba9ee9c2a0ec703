import { RegionApplicationStatus } from './application-status';
import { CallStatus } from './call-window';

/**
 * Applicants learn the secretariat's decision only once the call is decided (results are sent to
 * each applicant individually, 公募要領 3(2)); until then an adopted or rejected application
 * still reads as submitted to them.
 */
export function statusSeenByApplicant(status: RegionApplicationStatus, callStatus: CallStatus): RegionApplicationStatus {
  const decided = callStatus === CallStatus.DECIDED || callStatus === CallStatus.PUBLISHED;
  if (!decided && (status === RegionApplicationStatus.ADOPTED || status === RegionApplicationStatus.REJECTED)) {
    return RegionApplicationStatus.SUBMITTED;
  }
  return status;
}
