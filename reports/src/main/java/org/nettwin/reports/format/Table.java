package org.nettwin.reports.format;

import java.util.List;

/** A titled table of text cells, rendered by both the HTML report and summary.md so both say the same. */
public record Table(String id, String title, List<String> headers, List<List<String>> rows, String whenEmpty) {
    public Table {
        headers = List.copyOf(headers);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> r : rows)
            if (r.size() != headers.size()) throw new IllegalArgumentException("table " + id + ": row " + r + " has " + r.size() + " cells, headers " + headers.size());
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("## ").append(title).append("\n\n");
        if (rows.isEmpty()) return sb.append(whenEmpty).append("\n\n").toString();
        sb.append("| ").append(String.join(" | ", headers.stream().map(Text::md).toList())).append(" |\n");
        sb.append("|").append("---|".repeat(headers.size())).append("\n");
        for (List<String> r : rows) sb.append("| ").append(String.join(" | ", r.stream().map(Text::md).toList())).append(" |\n");
        return sb.append("\n").toString();
    }

    public String toHtml() {
        StringBuilder sb = new StringBuilder("<h2 id=\"").append(id).append("\">").append(Text.html(title)).append("</h2>\n");
        if (rows.isEmpty()) return sb.append("<p class=\"empty\">").append(Text.html(whenEmpty)).append("</p>\n").toString();
        sb.append("<table>\n<thead><tr>");
        for (String h : headers) sb.append("<th>").append(Text.html(h)).append("</th>");
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : rows) {
            sb.append("<tr>");
            for (String c : r) sb.append("<td>").append(Text.html(c)).append("</td>");
            sb.append("</tr>\n");
        }
        return sb.append("</tbody></table>\n").toString();
    }
}
