package io.redistenancy.internal.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redistenancy.Alert;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The home's alerts, active and recently resolved: {@code HOME/alerts/alerts.json}, rewritten atomically, 0600. */
final class AlertStore {
  private final Path file;

  AlertStore(Path directory) {
    this.file = PrivateFiles.directory(directory).resolve("alerts.json");
  }

  List<Alert> load() {
    try {
      JsonNode root = AlertJson.JSON.readTree(Files.readAllBytes(file));
      List<Alert> alerts = new ArrayList<>();
      root.path("alerts").forEach(node -> alerts.add(AlertJson.alert(node)));
      return alerts;
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException | RuntimeException e) {
      throw new TenancyException("Cannot read the alerts file " + file + " (" + e.getMessage() + "); move it "
          + "away to start with no alerts", e);
    }
  }

  void save(List<Alert> alerts) {
    ObjectNode root = AlertJson.JSON.createObjectNode();
    ArrayNode list = root.putArray("alerts");
    alerts.forEach(a -> list.add(AlertJson.alert(a)));
    PrivateFiles.write(file, root.toString());
  }
}
