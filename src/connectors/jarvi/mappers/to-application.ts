/**
 * Profile↔project rows → `Application` (B.6.5). Reading applications is not documented: this reads
 * the association rows a profile embeds (`projects[]` or `projectsProfiles[]`, INFERRED names) and
 * makes one application per row. The stage is the profile-level `statusId` (Jarvi statuses belong
 * to the talent, B.6.5) unless the row carries its own. Status names are not readable (no
 * documented statuses route), so `outcome` stays null.
 *
 * Tags such as B.6.5 are defined in docs/connectors/sources/jarvi.md.
 */
import type { Application } from '../../../models/index.js';
import { jarviDescriptor as descriptor } from '../descriptor.js';
import type { WireProfile } from '../wire.js';
import { jarviDate, jarviId, nonEmpty } from './common.js';
import { isCandidate, profileSource } from './to-candidate.js';

/** The unified id of the application of `profileId` to `projectId`. */
export function applicationId(profileId: string, projectId: string): string {
  return jarviId('application', profileId, projectId);
}

/** The association rows embedded in a profile, under the first key present (INFERRED). */
export function associationRows(raw: WireProfile) {
  for (const key of descriptor.applicationKeys) {
    const rows = raw[key];
    if (Array.isArray(rows)) return rows;
  }
  return [];
}

/** Maps the applications of one profile (none for a contact that is not a talent). */
export function toApplications(raw: WireProfile): Application[] {
  if (!isCandidate(raw)) return [];
  const profileUpdated = jarviDate(raw.updatedAt);
  const deleted = jarviDate(raw.deletedAt);
  return associationRows(raw).map((row) => {
    const stageId = nonEmpty(row.statusId) ?? nonEmpty(raw.statusId);
    const rowUpdated = jarviDate(row.updatedAt);
    // The stage lives on the profile, so a profile change may be an application change: the
    // later of the two timestamps is the application's.
    const changed = [profileUpdated, rowUpdated].filter((value): value is string => value !== null).sort().at(-1) ?? null;
    return {
      id: applicationId(raw.id, row.projectId),
      remote_id: `${raw.id}:${row.projectId}`,
      changed_at: changed,
      remote_deleted_at: deleted,
      remote_created_at: jarviDate(row.createdAt),
      remote_updated_at: changed,
      remote_data: { profileId: raw.id, ...row },
      candidate_id: jarviId('candidate', raw.id),
      job_id: jarviId('job', row.projectId),
      current_stage_id: stageId ? jarviId('stage', stageId) : null,
      outcome: null,
      rejection_reason_name: null,
      rejected_at: null,
      source: profileSource(raw.source),
      screening_question_answers: [],
      // Jarvi has no page per application: the talent's page lists its projects.
      remote_url: descriptor.appUrls.profile(raw.id),
      custom_fields: {},
      integration_fields: [
        { id: 'statusId', key: 'statusId', type: 'uuid', value: stageId, label: row.statusId ? 'Application status' : 'Profile status (shared by every application)' },
      ],
    };
  });
}
