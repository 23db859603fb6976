package com.remotefetch.admin.cli;

import java.io.PrintWriter;
import java.util.List;

/** A plain-text table whose columns are as wide as their widest cell, so long values never run into the next. */
final class Table {
    private Table() {
    }

    /** "2026-11-24T10:15:30.123Z" as "2026-11-24 10:15:30": the server's UTC times, as every table shows them. */
    static String time(String iso) {
        return iso == null || iso.length() < 19 ? String.valueOf(iso) : iso.substring(0, 19).replace('T', ' ');
    }

    /** Prints {@code rows} (the first is the header) with two spaces between columns. */
    static void print(PrintWriter out, List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                line.append(cell);
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - cell.length() + 2));
                }
            }
            out.println(line);
        }
    }
}
