/**
 * Slack presentation of a diagnosis: pure renderers from a DiagnosisView to Block Kit messages,
 * the postmortem Markdown and the chart, and the fitting that keeps them within Slack's limits.
 */
export { renderParentMessage, statusLine } from './render-parent-message.ts';
export { renderEvidenceMessage } from './render-evidence-message.ts';
export { renderEvidenceText } from './render-evidence-text.ts';
export { needsAttachment } from './needs-attachment.ts';
export { renderVerdictMessage, VERDICT_ACTIONS_BLOCK_ID } from './render-verdict-message.ts';
export { renderChecklistMessage, checklistActionsBlockId } from './render-checklist-message.ts';
export { renderSummaryMarkdown, summaryTimeline, type SummaryTimelineEntry, type SummaryExtras } from './render-summary-markdown.ts';
export { feedbackBlocks, labelsText, FEEDBACK_BLOCK_ID } from './render-feedback-blocks.ts';
export { renderTrueCauseQuestion, diagnosisIdFromFeedbackBlockId, trueCauseBlockId, labelNoteBlockId } from './render-true-cause-question.ts';
export { renderSimilarIncidentsMessage, type SimilarIncidentLink } from './render-similar-incidents-message.ts';
export { renderAppHome, HOME_RECENT, type HomeDiagnosis, type AppHomeInput } from './render-app-home.ts';
export { renderChartSvg, DEFAULT_CHART_SIZE, type ChartOptions } from './render-chart-svg.ts';
export { renderChartPng } from './render-chart-png.ts';
export { fitBlocks, truncateText, capList, andMore, Fitter, type FitOptions } from './fit-blocks.ts';
export { countBlockText } from './count-block-text.ts';
export { SLACK_LIMITS, MESSAGE_TEXT_BUDGET } from './slack-limits.ts';
export { escapeMrkdwn } from './escape-mrkdwn.ts';
