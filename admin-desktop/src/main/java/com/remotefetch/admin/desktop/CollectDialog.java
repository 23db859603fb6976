package com.remotefetch.admin.desktop;

import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Asks which shared file to collect; the names the chosen agents share are offered, the most common first. */
final class CollectDialog {
    static final ButtonType COLLECT = new ButtonType("Choose folder…", ButtonBar.ButtonData.OK_DONE);

    private CollectDialog() {
    }

    static Optional<String> ask(Window owner, int agents, List<String> names) {
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Collect a file");
        dialog.setHeaderText("Collect one file from " + agents + (agents == 1 ? " agent" : " agents")
                + ".\nEach one is saved as FOLDER/<agent>/<file>; offline agents are listed, not tried.");
        ComboBox<String> file = new ComboBox<>();
        file.setId("collectFile");
        file.setEditable(true);
        file.getItems().setAll(names);
        file.setPromptText("sales.csv");
        file.setMaxWidth(Double.MAX_VALUE);
        if (!names.isEmpty()) {
            file.setValue(names.get(0));
        }
        dialog.getDialogPane().setContent(new VBox(8, new Label("Shared file:"), file));
        dialog.getDialogPane().getButtonTypes().addAll(COLLECT, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(COLLECT).disableProperty()
                .bind(file.getEditor().textProperty().isEmpty());
        dialog.setResultConverter(b -> b == COLLECT ? file.getEditor().getText().trim() : null);
        Platform.runLater(file::requestFocus);
        return dialog.showAndWait().filter(s -> !s.isEmpty());
    }
}
