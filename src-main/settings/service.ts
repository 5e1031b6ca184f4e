// Reads and writes the office settings with their defaults. Values are small JSON documents read per call (a
// primary-key lookup), so a change made by the CLI beside a running app is seen at once; no cache to go stale.

import type { OrgDto, SecurityPolicyDto, SettingsDto, WorkingHoursDto } from '../../src-shared/api/accounts';
import type { ImportSettingsDto } from '../../src-shared/api/scanning';
import type { BackupSettingsDto } from '../../src-shared/api/backup';
import { DEFAULT_SECURITY, DEFAULT_WORKING_HOURS } from '../../src-shared/defaults';
import type { RawDb } from '../db/open';

export { DEFAULT_SECURITY, DEFAULT_WORKING_HOURS };

interface SettingValues {
  org: OrgDto | null;
  workingHours: WorkingHoursDto;
  security: SecurityPolicyDto;
  lanAccess: boolean;
  /** Host names (or addresses) LAN clients may use to reach this machine, beyond its own names and addresses. */
  allowedHosts: string[];
  uploadLimitMb: number;
  /** Scan dialog defaults, JPEG quality and the watched folder (scanning/service.ts). */
  scanning: ImportSettingsDto;
  /** Backup folder, weekly schedule, how many to keep, encryption (backup/service.ts). */
  backup: BackupSettingsDto;
}

const DEFAULTS: SettingValues = {
  org: null,
  workingHours: DEFAULT_WORKING_HOURS,
  security: DEFAULT_SECURITY,
  lanAccess: false,
  allowedHosts: [],
  uploadLimitMb: 50,
  scanning: {
    watchFolder: null,
    processedFolder: null,
    errorFolder: null,
    jpegQuality: 75,
    deviceId: null,
    source: 'adf',
    mode: 'color',
    dpi: 200,
    ocr: true,
    imagesAsPages: true,
  },
  backup: { dest: null, enabled: true, weekday: 5, time: '17:30', keep: 8, encrypt: false },
};

export type SettingKey = keyof SettingValues;

export function createSettings(raw: RawDb, now: () => number) {
  const getStmt = raw.prepare('SELECT value FROM settings WHERE key = ?');
  const putStmt = raw.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );

  function get<K extends SettingKey>(key: K): SettingValues[K] {
    const row = getStmt.get(key) as { value: string } | undefined;
    if (!row) return DEFAULTS[key];
    const stored = JSON.parse(row.value) as SettingValues[K];
    // Policies gain fields over versions: stored values win, new fields take their defaults.
    if (DEFAULTS[key] && typeof DEFAULTS[key] === 'object' && !Array.isArray(DEFAULTS[key]) && stored && typeof stored === 'object') {
      return { ...(DEFAULTS[key] as object), ...(stored as object) } as SettingValues[K];
    }
    return stored;
  }

  return {
    get,
    /** Internal bookkeeping lists (not part of SettingsDto), e.g. which years' holidays were pre-filled. */
    getList(key: 'calendarPrefilled'): number[] {
      const row = getStmt.get(key) as { value: string } | undefined;
      return row ? (JSON.parse(row.value) as number[]) : [];
    },
    setList(key: 'calendarPrefilled', value: number[]): void {
      putStmt.run(key, JSON.stringify(value), now());
    },
    set<K extends SettingKey>(key: K, value: SettingValues[K]): void {
      putStmt.run(key, JSON.stringify(value), now());
    },
    org(): OrgDto | null {
      return get('org');
    },
    all(): SettingsDto {
      const org = get('org');
      if (!org) throw new Error('settings.all() before setup');
      return {
        org,
        workingHours: get('workingHours'),
        security: get('security'),
        lanAccess: get('lanAccess'),
        allowedHosts: get('allowedHosts'),
        uploadLimitMb: get('uploadLimitMb'),
      };
    },
  };
}

export type SettingsService = ReturnType<typeof createSettings>;
