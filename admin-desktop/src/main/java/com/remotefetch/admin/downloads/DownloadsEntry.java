package com.remotefetch.admin.downloads;

import javafx.beans.property.ReadOnlyObjectProperty;

/** One row of the downloads panel: a single download, or a collect job over several agents. */
public sealed interface DownloadsEntry permits DownloadItem, CollectJob {
    /** For a job: RUNNING while any agent's download runs or waits, then DONE, FAILED or CANCELLED. */
    ReadOnlyObjectProperty<DownloadItem.State> stateProperty();
}
