/** The input formats `kb import` recognises, detected by content. */
export type InputFormat = 'html-page' | 'confluence-html' | 'text-page' | 'markdown' | 'zendesk-json' | 'csv';

/** Something the importer dropped, kept only in the article body, or could not fill: reported per file and line. */
export interface ImportNote {
  /** The input file ("-" for stdin). */
  file: string;
  /** Line in that file, where known. */
  line?: number;
  kind: 'dropped' | 'unmapped' | 'warning';
  message: string;
}

/**
 * One article's worth of source, turned into Markdown: every reader produces this, and one
 * mapping (map-article.ts) turns it into an article, whatever the input format was.
 */
export interface SourceDocument {
  /** Stable key of where it came from (file path, plus the row or export id inside it). */
  source: string;
  /** The input file, for the report. */
  file: string;
  format: InputFormat;
  title?: string;
  markdown: string;
  /** Input line of each Markdown line (index = Markdown line - 1); undefined where unknown. */
  lineMap: (number | undefined)[];
  url?: string;
  labels?: string[];
  /** YYYY-MM-DD */
  updated?: string;
  /** What the reader dropped (page chrome, tracking frames, images). */
  notes: ImportNote[];
}

export interface ArticleStep {
  text: string;
  note?: string;
  warning?: string;
  expect?: string;
  substeps?: (string | ArticleStep)[];
}

/** An article in our format (schemas/article.schema.json), as the importer fills it. */
interface ImportedArticleSpec {
  id: string;
  title: string;
  summary: string;
  error_messages?: string[];
  applies_to?: { products?: string[]; areas?: string[] };
  cause: string;
  steps: (string | ArticleStep)[];
  escalation?: string;
  references?: { title: string; url: string }[];
  tags?: string[];
  updated?: string;
}

export interface MappedArticle {
  spec: ImportedArticleSpec;
  /** Markdown body: what the source had that maps to no field, under its own headings. */
  body: string;
  source: string;
  file: string;
  format: InputFormat;
  notes: ImportNote[];
}
