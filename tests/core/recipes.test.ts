import assert from "node:assert/strict";
import { RecipeError, recipes } from "../../sdk/core";

function rejects(build: () => unknown, fields: string[]) {
  assert.throws(build, (e: unknown) => {
    assert.ok(e instanceof RecipeError, String(e));
    assert.deepEqual(
      e.problems.map((p) => p.field),
      fields,
    );
    return true;
  });
}

describe("core/recipes: exact commands", () => {
  it("linux.tarGz extracts with tar -C and removes the folder", () => {
    assert.deepEqual(
      recipes.linux.tarGz({
        appName: "go_linux",
        installDir: "/usr/local",
        removeDir: "/usr/local/go",
        sudo: true,
      }),
      {
        install: "sudo mkdir -p /usr/local && sudo tar -C /usr/local -xzf go_linux",
        remove: "sudo rm -rf /usr/local/go",
      },
    );
  });

  it("linux.tarGz uses packageFileName and quotes spaces", () => {
    assert.deepEqual(
      recipes.linux.tarGz({
        appName: "tool",
        installDir: "/opt/my tool",
        packageFileName: "tool.tar.gz",
      }),
      {
        install: "mkdir -p '/opt/my tool' && tar -C '/opt/my tool' -xzf tool.tar.gz",
        remove: "rm -rf '/opt/my tool'",
      },
    );
  });

  it("linux.deb installs with dpkg, fixes dependencies with apt, removes with apt remove", () => {
    assert.deepEqual(recipes.linux.deb({ appName: "pwsh", packageName: "powershell" }), {
      install: "dpkg -i pwsh || apt --fix-broken install -y",
      remove: "apt remove -y powershell",
    });
    assert.deepEqual(
      recipes.linux.deb({
        appName: "pwsh",
        packageName: "powershell",
        packageFileName: "powershell_7.4.deb",
        sudo: true,
      }),
      {
        install: "sudo dpkg -i powershell_7.4.deb || sudo apt --fix-broken install -y",
        remove: "sudo apt remove -y powershell",
      },
    );
  });

  it("windows.exe renames the download, then runs it silently", () => {
    assert.deepEqual(
      recipes.windows.exe({
        appName: "myApp",
        uninstaller: "C:\\Program Files\\myApp\\uninstall\\helper.exe",
      }),
      {
        install: "move .\\myApp .\\myApp.exe & myApp.exe /S",
        remove: '"C:\\Program Files\\myApp\\uninstall\\helper.exe" /S',
      },
    );
  });

  it("windows.exe with packageFileName needs no rename", () => {
    assert.deepEqual(
      recipes.windows.exe({
        appName: "myApp",
        packageFileName: "MyApp.exe",
        silentArgs: "/VERYSILENT /NORESTART",
        uninstaller: "%ProgramFiles%\\myApp\\unins000.exe",
        uninstallArgs: "/VERYSILENT",
      }),
      {
        install: "MyApp.exe /VERYSILENT /NORESTART",
        remove: '"%ProgramFiles%\\myApp\\unins000.exe" /VERYSILENT',
      },
    );
  });

  it("windows.msi waits for msiexec and passes its exit code on", () => {
    assert.deepEqual(recipes.windows.msi({ appName: "myapp" }), {
      install:
        "start /wait %windir%\\system32\\msiexec.exe /i myapp /quiet /norestart /log myapp_install.log\nif %errorlevel% neq 0 exit /b %errorlevel%",
      remove:
        "start /wait %windir%\\system32\\msiexec.exe /x myapp /quiet /norestart /log myapp_uninstall.log\nif %errorlevel% neq 0 exit /b %errorlevel%",
    });
  });

  it("windows.msi: seed's /forcerestart, a product code, and packageFileName", () => {
    assert.deepEqual(
      recipes.windows.msi({
        appName: "myapp",
        packageFileName: "myapp.msi",
        restart: "always",
        productCode: "{12345678-1234-1234-1234-123456789ABC}",
      }),
      {
        install:
          "start /wait %windir%\\system32\\msiexec.exe /i myapp.msi /quiet /forcerestart /log myapp_install.log\nif %errorlevel% neq 0 exit /b %errorlevel%",
        remove:
          "start /wait %windir%\\system32\\msiexec.exe /x {12345678-1234-1234-1234-123456789ABC} /quiet /forcerestart /log myapp_uninstall.log\nif %errorlevel% neq 0 exit /b %errorlevel%",
      },
    );
    assert.match(
      recipes.windows.msi({ appName: "a", restart: "ifRequired" }).install,
      /\/quiet \/log/,
    );
  });

  it("windows.zip renames, creates the folder and expands with Expand-Archive", () => {
    assert.deepEqual(recipes.windows.zip({ appName: "myapp", installDir: "C:\\myapp" }), {
      install:
        'rename myapp myapp.zip && mkdir C:\\myapp && powershell.exe -Command "Expand-Archive -path myapp.zip -destinationpath C:\\myapp"',
      remove: "rmdir /S /Q C:\\myapp",
    });
  });

  it("windows.zip with packageFileName and a folder with spaces", () => {
    assert.deepEqual(
      recipes.windows.zip({
        appName: "myapp",
        installDir: "%ProgramFiles%\\My App",
        packageFileName: "myapp.zip",
      }),
      {
        install:
          'mkdir "%ProgramFiles%\\My App" && powershell.exe -Command "Expand-Archive -path myapp.zip -destinationpath \'%ProgramFiles%\\My App\'"',
        remove: 'rmdir /S /Q "%ProgramFiles%\\My App"',
      },
    );
  });
});

describe("core/recipes: values that would break the command", () => {
  const uninstaller = "C:\\app\\uninstall.exe";
  const rows: Array<[string, () => unknown, string[]]> = [
    [
      "appName with a space",
      () => recipes.linux.deb({ appName: "my app", packageName: "x1" }),
      ["appName"],
    ],
    ["appName with a quote", () => recipes.windows.msi({ appName: 'a"b' }), ["appName"]],
    [
      "bash installDir with ;",
      () => recipes.linux.tarGz({ appName: "a", installDir: "/opt/a;rm -rf /" }),
      ["installDir"],
    ],
    [
      "bash installDir with $",
      () => recipes.linux.tarGz({ appName: "a", installDir: "/opt/$HOME" }),
      ["installDir"],
    ],
    [
      "bash installDir with a newline",
      () => recipes.linux.tarGz({ appName: "a", installDir: "/opt/a\nb" }),
      ["installDir"],
    ],
    [
      "bash installDir with a quote",
      () => recipes.linux.tarGz({ appName: "a", installDir: "/opt/it's" }),
      ["installDir"],
    ],
    [
      "bash installDir relative",
      () => recipes.linux.tarGz({ appName: "a", installDir: "opt/a" }),
      ["installDir"],
    ],
    [
      "tarGz removing /usr/local",
      () => recipes.linux.tarGz({ appName: "go", installDir: "/usr/local" }),
      ["installDir"],
    ],
    [
      "tarGz removeDir a system folder",
      () => recipes.linux.tarGz({ appName: "go", installDir: "/opt/go", removeDir: "/opt/" }),
      ["removeDir"],
    ],
    [
      "deb packageName with a space",
      () => recipes.linux.deb({ appName: "a", packageName: "power shell" }),
      ["packageName"],
    ],
    [
      "deb packageFileName with |",
      () => recipes.linux.deb({ appName: "a", packageName: "ab", packageFileName: "a|b.deb" }),
      ["packageFileName"],
    ],
    [
      "packageFileName a path",
      () => recipes.linux.deb({ appName: "a", packageName: "ab", packageFileName: "/tmp/a.deb" }),
      ["packageFileName"],
    ],
    [
      "exe silentArgs with &",
      () => recipes.windows.exe({ appName: "a", silentArgs: "/S & del *", uninstaller }),
      ["silentArgs"],
    ],
    [
      "exe silentArgs with a quote",
      () => recipes.windows.exe({ appName: "a", silentArgs: '/D="C:\\x"', uninstaller }),
      ["silentArgs"],
    ],
    [
      "exe uninstallArgs with |",
      () => recipes.windows.exe({ appName: "a", uninstaller, uninstallArgs: "/S | x" }),
      ["uninstallArgs"],
    ],
    [
      "exe uninstaller with ^",
      () => recipes.windows.exe({ appName: "a", uninstaller: "C:\\a^b.exe" }),
      ["uninstaller"],
    ],
    [
      "exe uninstaller with a lone %",
      () => recipes.windows.exe({ appName: "a", uninstaller: "C:\\100%\\u.exe" }),
      ["uninstaller"],
    ],
    [
      "exe packageFileName without .exe",
      () => recipes.windows.exe({ appName: "a", packageFileName: "a.msi", uninstaller }),
      ["packageFileName"],
    ],
    [
      "msi productCode not a GUID",
      () => recipes.windows.msi({ appName: "a", productCode: "12345" }),
      ["productCode"],
    ],
    [
      "msi restart not a choice",
      () => recipes.windows.msi({ appName: "a", restart: "later" as "never" }),
      ["restart"],
    ],
    [
      "msi packageFileName with <",
      () => recipes.windows.msi({ appName: "a", packageFileName: "a<b.msi" }),
      ["packageFileName"],
    ],
    [
      "zip installDir with >",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\a>b" }),
      ["installDir"],
    ],
    [
      "zip installDir with '",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\it's" }),
      ["installDir"],
    ],
    [
      "zip installDir relative",
      () => recipes.windows.zip({ appName: "a", installDir: "myapp" }),
      ["installDir"],
    ],
    [
      "zip removing C:\\Program Files",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\Program Files\\" }),
      ["installDir"],
    ],
    [
      "zip packageFileName without .zip",
      () => recipes.windows.zip({ appName: "a", installDir: "C:\\a", packageFileName: "a.tar" }),
      ["packageFileName"],
    ],
    [
      "every problem at once",
      () => recipes.windows.exe({ appName: "a b", silentArgs: "&", uninstaller: '"' }),
      ["appName", "silentArgs", "uninstaller"],
    ],
    [
      "install longer than 4096 characters",
      () => recipes.linux.tarGz({ appName: "a", installDir: `/opt/${"d".repeat(2100)}` }),
      ["install"],
    ],
  ];
  for (const [rule, build, fields] of rows) {
    it(`${rule} → ${fields.join(", ")}`, () => rejects(build, fields));
  }
});
