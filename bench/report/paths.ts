/** File names of a run's reports, relative to its output directory. */
export const REPORT_FILES = { summary: 'summary.md', html: 'report.html', charts: 'charts' } as const;
export const REPORT_CHARTS_DIR = REPORT_FILES.charts;
