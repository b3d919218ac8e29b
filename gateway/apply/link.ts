/** The applicant's link is signed where the acknowledgement is written (triggers) and checked here. */
export { signApplicantLink, verifyApplicantLink, applicantPagePath, type ApplicantLink, type LinkCheck } from '../../platform/applicant-link';
