package crema.kernel.exec;

import java.util.List;

/**
 * An error to report for a cell, as the Jupyter {@code error} message carries it.
 *
 * @param ename the exception class (or {@code CompilationError}, {@code VMDied}, ...)
 * @param evalue its message
 * @param traceback the lines shown to the user
 */
public record CellError(String ename, String evalue, List<String> traceback) {}
