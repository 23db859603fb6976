package com.remotefetch.admin.connect;

import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The first screen: server URL, admin token, Test connection, Connect. Knows only its view model. */
public final class ConnectView {
    private final VBox root;

    public ConnectView(ConnectViewModel vm, Consumer<ConnectionSettings> onConnect) {
        Label title = new Label("Connect to a RemoteFetch server");
        title.getStyleClass().add("title-3");
        TextField url = new TextField();
        url.setId("serverUrl");
        url.setPromptText("https://relay.example.com");
        url.textProperty().bindBidirectional(vm.serverUrlProperty());
        PasswordField token = new PasswordField();
        token.setId("token");
        token.setPromptText("admin token (leave empty for a local server)");
        token.textProperty().bindBidirectional(vm.tokenProperty());
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(10);
        form.addRow(0, new Label("Server"), url);
        form.addRow(1, new Label("Admin token"), token);
        Label storage = new Label(vm.tokenStorage());
        storage.setId("tokenStorage");
        storage.getStyleClass().addAll("text-muted", "text-small");
        form.add(storage, 1, 2);
        url.setPrefColumnCount(28);

        Button test = new Button("Test connection");
        test.setId("testConnection");
        test.disableProperty().bind(vm.busyProperty());
        test.setOnAction(e -> vm.testConnection());
        Button connect = new Button("Connect");
        connect.setId("connect");
        connect.setDefaultButton(true);
        connect.getStyleClass().add("accent");
        connect.setOnAction(e -> vm.connect(onConnect));
        Label message = new Label();
        message.setId("connectMessage");
        message.textProperty().bind(vm.messageProperty());
        message.setWrapText(true);

        root = new VBox(16, title, form, new HBox(10, test, connect), message);
        root.setPadding(new Insets(24));
    }

    public Parent root() {
        return root;
    }
}
