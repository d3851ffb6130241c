/**
 * The typed shape of the database. A unit test migrates an empty database and checks that every
 * table and column here exists there with the same nullability, and nothing more.
 * Timestamps are ISO-8601 UTC strings; booleans are 0/1 integers (portable to PostgreSQL).
 */
import type { Generated, Insertable, Selectable, Updateable } from "kysely";

export type Role = "admin" | "coordinator" | "school_staff" | "ambassador" | "communicator" | "translator";

export interface MunicipalityTable {
  id: Generated<number>;
  code: string;
  name: string;
  county: string;
  created_at: Generated<string>;
}

export interface SectorTable {
  id: Generated<number>;
  slug: string;
  name: string;
  sort_order: Generated<number>;
}

export interface GymnasiumProgrammeTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: "vocational" | "preparatory";
  active: Generated<number>;
}

export interface SchoolTable {
  id: Generated<number>;
  municipality_id: number;
  name: string;
  unit_code: string | null;
  is_demo: Generated<number>;
  created_at: Generated<string>;
  status: Generated<"pending" | "approved" | "rejected">;
  grades_json: Generated<string>;
  registered_by_user_id: number | null;
}

export interface ClassGroupTable {
  id: Generated<number>;
  school_id: number;
  label: string;
  leaves_grade9_year: number;
  pupils: number;
  created_at: Generated<string>;
  archived_at: string | null;
}

export interface SchoolHolidayTable {
  id: Generated<number>;
  municipality_id: number;
  name: string;
  from_date: string;
  to_date: string;
  is_demo: Generated<number>;
}

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  school_id: number | null;
  locale: Generated<string>;
  is_demo: Generated<number>;
  created_at: Generated<string>;
  disabled_at: string | null;
}

export interface UserMunicipalityTable {
  user_id: number;
  municipality_id: number;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: Generated<string>;
  expires_at: string;
  user_agent: string | null;
}

export interface AuthTokenTable {
  id: Generated<number>;
  purpose: "invitation" | "password_reset";
  token_hash: string;
  user_id: number;
  created_by: number | null;
  created_at: Generated<string>;
  expires_at: string;
  used_at: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  key: string;
  attempted_at: string;
}

export interface MailOutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments_json: string | null;
  status: Generated<"pending" | "sending" | "sent" | "failed">;
  attempts: Generated<number>;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  message_id: string | null;
  created_at: Generated<string>;
  sent_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_user_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  created_at: Generated<string>;
}

export interface LanguageTable {
  code: string;
  native_name: string;
  swedish_name: string;
  dir: Generated<"ltr" | "rtl">;
  sort_order: Generated<number>;
}

export interface CompanyTable {
  id: Generated<number>;
  name: string;
  org_number: string;
  municipality_id: number;
  sector_id: number | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  monthly_visit_cap: Generated<number>;
  is_demo: Generated<number>;
  created_at: Generated<string>;
}

export type AmbassadorStatus = "applied" | "approved" | "active" | "paused" | "alumni" | "rejected";
export type Gender = "female" | "male" | "other";

export interface AmbassadorTable {
  id: Generated<number>;
  user_id: number | null;
  municipality_id: number;
  status: Generated<AmbassadorStatus>;
  name: string | null;
  email: string | null;
  phone: string | null;
  employer_name: string | null;
  occupation: string | null;
  education_path: string | null;
  story: string | null;
  gender: Gender | null;
  photo_key: string | null;
  photo_width: number | null;
  photo_height: number | null;
  company_id: number | null;
  sector_id: number | null;
  languages_json: Generated<string>;
  formats_json: Generated<string>;
  grades_json: Generated<string>;
  max_visits_per_month: Generated<number>;
  rejection_reason: string | null;
  locale: Generated<string>;
  is_demo: Generated<number>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
  erased_at: string | null;
}

export interface AmbassadorVettingTable {
  id: Generated<number>;
  ambassador_id: number;
  shown_on: string;
  checked_by_user_id: number | null;
  checked_by_name: string;
  recorded_at: Generated<string>;
  reminder_sent_at: string | null;
}

export interface TrainingModuleTable {
  id: Generated<number>;
  name: string;
  description: string | null;
  required: Generated<number>;
  active: Generated<number>;
  sort_order: Generated<number>;
}

export interface AmbassadorTrainingTable {
  ambassador_id: number;
  module_id: number;
  completed_on: string;
  recorded_by_user_id: number | null;
}

export type ConsentKind = "profile" | "photo" | "films";

export interface ConsentTextTable {
  id: Generated<number>;
  kind: ConsentKind;
  version: number;
  created_at: Generated<string>;
}

export interface AmbassadorConsentTable {
  id: Generated<number>;
  ambassador_id: number;
  consent_text_id: number;
  kind: ConsentKind;
  given_at: string;
  withdrawn_at: string | null;
}

export interface AvailabilitySlotTable {
  id: Generated<number>;
  ambassador_id: number;
  weekday: number;
  start_time: string;
  end_time: string;
}

export interface BlackoutTable {
  id: Generated<number>;
  ambassador_id: number;
  from_date: string;
  to_date: string;
  note: string | null;
}

export type VisitStatus = "requested" | "proposed" | "accepted" | "confirmed" | "completed" | "cancelled" | "no_show" | "expired";
export type ProposalStatus = "proposed" | "accepted" | "declined" | "withdrawn" | "confirmed" | "lapsed" | "cancelled";
export type Answer = "yes" | "maybe" | "no";

export interface VisitTable {
  id: Generated<number>;
  school_id: number;
  requested_by_user_id: number | null;
  format: "on_site" | "digital";
  status: Generated<VisitStatus>;
  sector_id: number | null;
  occupation: string | null;
  languages_json: Generated<string>;
  prefer_female: Generated<number>;
  message: string | null;
  ambassador_id: number | null;
  start_at: string | null;
  end_at: string | null;
  sequence: Generated<number>;
  confirmed_at: string | null;
  reminder_sent_at: string | null;
  cancel_reason: string | null;
  cancelled_by_user_id: number | null;
  cancelled_at: string | null;
  rating: number | null;
  rating_comment: string | null;
  reported_at: string | null;
  reflection: string | null;
  reflection_at: string | null;
  survey_token: string;
  is_demo: Generated<number>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface VisitWindowTable {
  id: Generated<number>;
  visit_id: number;
  start_at: string;
  end_at: string;
}

export interface VisitClassGroupTable {
  visit_id: number;
  class_group_id: number;
  pupils_reached: number | null;
}

export interface VisitProposalTable {
  id: Generated<number>;
  visit_id: number;
  ambassador_id: number;
  start_at: string;
  end_at: string;
  status: Generated<ProposalStatus>;
  reasons_json: Generated<string>;
  note: string | null;
  proposed_by_user_id: number | null;
  decided_at: string | null;
  created_at: Generated<string>;
}

export interface BookingSlotTable {
  ambassador_id: number;
  quarter: string;
  visit_id: number;
}

export interface CalendarFeedTable {
  id: Generated<number>;
  owner_type: "ambassador" | "school";
  owner_id: number;
  token_hash: string;
  created_at: Generated<string>;
  revoked_at: string | null;
}

export interface SurveyResponseTable {
  id: Generated<number>;
  visit_id: number;
  locale: string;
  knows_more: Answer;
  could_work: Answer;
  vocational_programme: Answer;
  answered_on: string;
}

export type CampaignStatus = "draft" | "published" | "withdrawn";
export interface CampaignTable {
  id: Generated<number>;
  title: string;
  slug: string;
  thread: string;
  description: string | null;
  starts_on: string;
  ends_on: string;
  grades_json: Generated<string>;
  sectors_json: Generated<string>;
  status: Generated<CampaignStatus>;
  created_by_user_id: number | null;
  is_demo: Generated<number>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface JobTable {
  id: Generated<number>;
  kind: string;
  payload_json: Generated<string>;
  status: Generated<"queued" | "running" | "done" | "failed">;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_after: Generated<string>;
  locked_until: string | null;
  last_error: string | null;
  created_at: Generated<string>;
  finished_at: string | null;
}

export interface UploadTable {
  id: string;
  user_id: number;
  original_name: string | null;
  declared_size: number | null;
  status: Generated<"uploading" | "received" | "rejected" | "expired">;
  created_at: Generated<string>;
  finished_at: string | null;
  film_id: number | null;
}

export type FilmStatus = "draft" | "published" | "withdrawn";
export type FilmProcessing = "none" | "processing" | "ready" | "failed";
export interface FilmTable {
  id: Generated<number>;
  campaign_id: number;
  title: string;
  description: string | null;
  status: Generated<FilmStatus>;
  withdrawn_reason: string | null;
  processing: Generated<FilmProcessing>;
  error_key: string | null;
  error_detail: string | null;
  upload_id: string | null;
  job_id: number | null;
  original_name: string | null;
  key: string | null;
  content_type: string | null;
  size_bytes: number | null;
  sha256: string | null;
  duration_seconds: number | null;
  width: number | null;
  height: number | null;
  video_codec: string | null;
  audio_codec: string | null;
  poster_key: string | null;
  poster_width: number | null;
  poster_source: "frame" | "upload" | null;
  created_by_user_id: number | null;
  is_demo: Generated<number>;
  published_at: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface FilmSubtitleTable {
  id: Generated<number>;
  film_id: number;
  language: string;
  key: string;
  source_format: "vtt" | "srt";
  cues: number;
  sha256: string;
  created_at: Generated<string>;
}

export interface FilmDocumentTable {
  id: Generated<number>;
  film_id: number;
  title: string;
  key: string;
  size_bytes: number;
  sha256: string;
  created_at: Generated<string>;
}

export interface FilmAmbassadorTable {
  film_id: number;
  ambassador_id: number;
}

export interface FilmViewDailyTable {
  film_id: number;
  day: string;
  views: Generated<number>;
}

export interface GuideLanguageTable {
  code: string;
  native_name: string;
  swedish_name: string;
  language_code: string;
  html_lang: string;
  hreflang: string | null;
  dir: Generated<"ltr" | "rtl">;
  interface_language: Generated<string>;
  fallback_code: string | null;
  is_source: Generated<number>;
  sort_order: Generated<number>;
}

export interface GuideTable {
  id: Generated<number>;
  slug: string;
  sector_id: number | null;
  film_id: number | null;
  status: Generated<"draft" | "published">;
  sort_order: Generated<number>;
  is_demo: Generated<number>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export type GuideSectionKind = "text" | "fact" | "material";

export interface GuideSectionTable {
  id: Generated<number>;
  guide_id: number;
  key: string;
  kind: Generated<GuideSectionKind>;
  figure: string | null;
  source: string | null;
  sort_order: number;
  heading: string;
  body: string;
  revision: Generated<number>;
  updated_by_user_id: number | null;
  updated_at: Generated<string>;
}

export interface GuideTranslationTable {
  id: Generated<number>;
  section_id: number;
  language: string;
  heading: string;
  body: string;
  source_revision: number;
  status: Generated<"draft" | "published">;
  version: Generated<number>;
  native_reviewed: Generated<number>;
  translated_by_user_id: number | null;
  reviewed_by_user_id: number | null;
  reviewed_at: string | null;
  updated_at: Generated<string>;
}

export interface GuideSearchTable {
  language: string;
  guide_id: number;
  content: string;
}

export interface StatisticsImportTable {
  id: Generated<number>;
  kind: "pupils" | "applicants";
  file_name: string;
  sha256: string;
  encoding: string;
  row_count: number;
  inserted: number;
  updated: number;
  unchanged: number;
  imported_by_user_id: number | null;
  created_at: Generated<string>;
}

export interface PupilCountTable {
  id: Generated<number>;
  municipality_id: number;
  school_year: number;
  grade: number;
  pupils: number;
  import_id: number | null;
  updated_at: Generated<string>;
}

export interface ApplicantCountTable {
  id: Generated<number>;
  municipality_id: number;
  year: number;
  programme_id: number;
  applicants: number;
  import_id: number | null;
  updated_at: Generated<string>;
}

export interface ClassGroupChoiceTable {
  class_group_id: number;
  programme_id: number;
  first_choice: number;
  reported_by_user_id: number | null;
  reported_at: Generated<string>;
}

export interface Database {
  municipality: MunicipalityTable;
  sector: SectorTable;
  gymnasium_programme: GymnasiumProgrammeTable;
  school: SchoolTable;
  app_user: AppUserTable;
  user_municipality: UserMunicipalityTable;
  session: SessionTable;
  auth_token: AuthTokenTable;
  login_attempt: LoginAttemptTable;
  mail_outbox: MailOutboxTable;
  audit_log: AuditLogTable;
  language: LanguageTable;
  company: CompanyTable;
  ambassador: AmbassadorTable;
  ambassador_vetting: AmbassadorVettingTable;
  training_module: TrainingModuleTable;
  ambassador_training: AmbassadorTrainingTable;
  consent_text: ConsentTextTable;
  ambassador_consent: AmbassadorConsentTable;
  availability_slot: AvailabilitySlotTable;
  blackout: BlackoutTable;
  class_group: ClassGroupTable;
  school_holiday: SchoolHolidayTable;
  visit: VisitTable;
  visit_window: VisitWindowTable;
  visit_class_group: VisitClassGroupTable;
  visit_proposal: VisitProposalTable;
  booking_slot: BookingSlotTable;
  calendar_feed: CalendarFeedTable;
  survey_response: SurveyResponseTable;
  campaign: CampaignTable;
  job: JobTable;
  upload: UploadTable;
  film: FilmTable;
  guide_language: GuideLanguageTable;
  guide: GuideTable;
  guide_section: GuideSectionTable;
  guide_translation: GuideTranslationTable;
  guide_search: GuideSearchTable;
  statistics_import: StatisticsImportTable;
  pupil_count: PupilCountTable;
  applicant_count: ApplicantCountTable;
  class_group_choice: ClassGroupChoiceTable;
  film_subtitle: FilmSubtitleTable;
  film_document: FilmDocumentTable;
  film_ambassador: FilmAmbassadorTable;
  film_view_daily: FilmViewDailyTable;
}

export type Municipality = Selectable<MunicipalityTable>;
export type School = Selectable<SchoolTable>;
export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type MailOutboxRow = Selectable<MailOutboxTable>;
export type Ambassador = Selectable<AmbassadorTable>;
export type Company = Selectable<CompanyTable>;
export type Visit = Selectable<VisitTable>;
